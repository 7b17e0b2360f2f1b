"""Reading price-like CSV files (Date, Open, High, Low, Close, Volume) with pandas."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = ["PriceData", "load_price_csv", "find_gaps"]


@dataclass
class PriceData:
    """A price table read from CSV: sorted by date, with its gaps reported.

    Attributes:
        frame: the table, indexed by date (oldest first).
        column: the column chosen as the series.
        series: that column as a float64 NumPy array, oldest first.
        dates: the dates, a ``pandas.DatetimeIndex``.
        gaps: one row per run of missing dates (``start``, ``end``, ``missing``),
            judged against ``freq``.
        freq: the expected spacing of dates, ``"B"`` (business days) or a pandas
            offset alias such as ``"D"``.
        was_sorted: whether the file was already in date order.
        missing_values: number of empty (NaN) cells in ``column``.
    """

    frame: object
    column: str
    series: np.ndarray
    dates: object
    gaps: object
    freq: str
    was_sorted: bool
    missing_values: int

    def report(self) -> str:
        """A few lines describing the data, its gaps and its missing values."""
        lines = [f"{len(self.series)} rows from {self.dates[0].date()} to {self.dates[-1].date()}, "
                 f"column {self.column!r} (expected spacing: {self.freq})"]
        if not self.was_sorted:
            lines.append("the rows were not in date order; they were sorted")
        if len(self.gaps):
            total = int(self.gaps["missing"].sum())
            lines.append(f"{len(self.gaps)} gap(s), {total} missing date(s) in all; the largest: "
                         f"{int(self.gaps['missing'].max())} date(s) from "
                         f"{self.gaps.loc[self.gaps['missing'].idxmax(), 'start'].date()}")
        else:
            lines.append("no gaps")
        if self.missing_values:
            lines.append(f"{self.missing_values} empty value(s) in {self.column!r}: fill or drop them "
                         f"before making windows")
        return "\n".join(lines)


def _infer_freq(dates) -> str:
    """``"B"`` when no date falls on a weekend (trading days), else the most common spacing in days."""
    if (dates.day_of_week < 5).all():
        return "B"
    days = np.diff(dates.values).astype("timedelta64[D]").astype(np.int64)
    values, counts = np.unique(days[days > 0], return_counts=True)
    return f"{int(values[np.argmax(counts)]) if len(values) else 1}D"


def find_gaps(dates, freq: str = "infer"):
    """Runs of dates missing from a sorted ``DatetimeIndex``, judged against ``freq``.

    With business days (``"B"``) weekends are not gaps, but market holidays are:
    a gap of one business day is usually a holiday, a long one is lost data.

    Returns:
        A ``pandas.DataFrame`` with columns ``start``, ``end`` (the first and last
        missing date) and ``missing`` (how many).

    Example:
        >>> import pandas as pd
        >>> dates = pd.to_datetime(["2024-01-01", "2024-01-02", "2024-01-05", "2024-01-08"])
        >>> find_gaps(dates, "B")[["missing"]].to_dict("list")
        {'missing': [2]}
    """
    import pandas as pd

    dates = pd.DatetimeIndex(dates)
    if freq == "infer":
        freq = _infer_freq(dates)
    expected = pd.date_range(dates[0], dates[-1], freq=freq)
    absent = expected.difference(dates)
    rows = []
    if len(absent):
        position = expected.get_indexer(absent)
        run = np.concatenate([[0], np.cumsum(np.diff(position) != 1)])
        for r in np.unique(run):
            members = absent[run == r]
            rows.append((members[0], members[-1], len(members)))
    return pd.DataFrame(rows, columns=["start", "end", "missing"])


def load_price_csv(path: str | os.PathLike, column: str = "Close", date_column: str = "Date",
                   freq: str = "infer") -> PriceData:
    """Read a CSV of prices, parse and sort its dates, report its gaps, and pick one column.

    The usual export of a trading site: a ``Date`` column and ``Open``, ``High``,
    ``Low``, ``Close``, ``Volume`` (any other numeric column works too). Column names
    match without regard to case.

    Args:
        path: the CSV file.
        column: the column to return as ``series`` (e.g. ``"Close"``).
        date_column: the column holding the dates.
        freq: the expected spacing of the dates, for the gap report: ``"infer"``
            (business days if no date is a weekend), ``"B"``, ``"D"``, ...

    Returns:
        A :class:`PriceData`; ``print(data.report())`` summarises it.

    Raises:
        DatasetNotFoundError: the file does not exist (it names the offline
            alternative, :func:`kerascourse.datasets.load_prices`).
        ValueError: a column is missing, a date does not parse, a date is
            repeated, or the chosen column is not numeric.

    Example:
        >>> from kerascourse.datasets import prices_csv_path
        >>> data = load_price_csv(prices_csv_path(), column="close")
        >>> data.column, data.series.shape == (len(data.frame),)
        ('Close', True)
    """
    import pandas as pd

    from kerascourse.datasets.local import DatasetNotFoundError

    path = Path(path).expanduser()
    if not path.is_file():
        raise DatasetNotFoundError(f"{path} does not exist. kerascourse never downloads data: export the "
                                   f"CSV there, or use the shipped synthetic prices "
                                   f"(kerascourse.datasets.load_prices()).")
    frame = pd.read_csv(path)
    if frame.empty:
        raise ValueError(f"{path.name} has no rows of data")
    by_lower = {str(c).strip().lower(): c for c in frame.columns}

    def real_name(name: str, what: str) -> str:
        found = by_lower.get(name.strip().lower())
        if found is None:
            raise ValueError(f"{path.name} has no {what} column {name!r}; its columns are "
                             f"{[str(c) for c in frame.columns]}")
        return found

    date_name = real_name(date_column, "date")
    value_name = real_name(column, "value")
    try:
        parsed = pd.to_datetime(frame[date_name])
    except (ValueError, TypeError) as exc:
        raise ValueError(f"could not parse the dates in column {date_name!r} of {path.name}: {exc}") from None
    frame = frame.drop(columns=[date_name]).set_index(pd.DatetimeIndex(parsed, name=str(date_name)))
    was_sorted = bool(frame.index.is_monotonic_increasing)
    frame = frame.sort_index(kind="stable")
    repeated = frame.index[frame.index.duplicated()]
    if len(repeated):
        raise ValueError(f"{path.name} has {len(repeated)} repeated date(s), first {repeated[0].date()}: "
                         f"each date must appear once")
    if not pd.api.types.is_numeric_dtype(frame[value_name]):
        raise ValueError(f"column {value_name!r} of {path.name} is not numeric (dtype "
                         f"{frame[value_name].dtype}); remove thousands separators or currency signs")
    series = frame[value_name].to_numpy(dtype=np.float64)
    gaps = find_gaps(frame.index, freq) if len(frame) > 1 else pd.DataFrame(columns=["start", "end", "missing"])
    if freq == "infer":
        freq = _infer_freq(frame.index)
    return PriceData(frame=frame, column=str(value_name), series=series, dates=frame.index, gaps=gaps,
                     freq=freq, was_sorted=was_sorted, missing_values=int(np.isnan(series).sum()))
