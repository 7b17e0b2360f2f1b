"""How strong is the grader? Mutate the reference solutions and count the mutants it catches.

    python benchmarks/mutation.py                 # every chapter
    python benchmarks/mutation.py ch1 ch2 -v      # some chapters, listing the survivors

A small AST mutator makes the mistakes a learner makes: an operator swapped
(``+``/``-``, ``*``/``/``, ``<``/``<=``), a constant off by one, an axis changed, a
slice bound moved, a statement dropped, a result replaced by ``None``. Each mutant
replaces one solution file in a scratch workspace and the chapter's checks for
that exercise run against it (in one process per chapter, so TensorFlow is
imported once). A mutant is *caught* when any check fails or errors, or when it
runs past the time limit.

Some mutants are *equivalent*: they change the code but not what it computes
(``x.shape[0]`` → ``x.shape[-3]`` on a rank-3 array, a dropped ``dtype=`` that is
the default anyway). The survivors are listed with ``-v`` so a person can tell
the two kinds apart; the score printed counts every survivor as a miss.

A caught mutant is only half the job: the learner reads the message. For each
caught mutant the report also says whether the first failed check's message
names a concrete input (a call with its arguments, a shape, the failing input
hypothesis found) and the difference (what was expected and what came back).
Those two tests are textual (see ``message_quality``); ``-v`` lists the messages
that miss either, for a person to read.
"""

from __future__ import annotations

import argparse
import ast
import copy
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BINOP_SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
               ast.FloorDiv: ast.Div, ast.Pow: ast.Mult, ast.MatMult: ast.Mult}
COMPARE_SWAPS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
                 ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}


@dataclass
class Mutant:
    exercise: str
    line: int
    description: str
    source: str


class _Mutator:
    """Enumerate single-point mutations of a module's function bodies."""

    def __init__(self, tree: ast.Module):
        self.tree = tree

    def points(self):
        for node in ast.walk(self.tree):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for inner in ast.walk(node):
                yield from self._node_points(inner)
            yield from self._statement_points(node)

    def _node_points(self, node):
        if isinstance(node, ast.BinOp) and type(node.op) in BINOP_SWAPS:
            new = BINOP_SWAPS[type(node.op)]
            yield node, f"{type(node.op).__name__} -> {new.__name__}", lambda n, new=new: setattr(n, "op", new())
        elif isinstance(node, ast.AugAssign) and type(node.op) in BINOP_SWAPS:
            new = BINOP_SWAPS[type(node.op)]
            yield node, f"{type(node.op).__name__}= -> {new.__name__}=", lambda n, new=new: setattr(n, "op", new())
        elif isinstance(node, ast.Compare):
            for i, op in enumerate(node.ops):
                if type(op) in COMPARE_SWAPS:
                    new = COMPARE_SWAPS[type(op)]
                    yield node, f"{type(op).__name__} -> {new.__name__}", \
                        lambda n, i=i, new=new: n.ops.__setitem__(i, new())
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float) and not isinstance(node.value, bool):
            value = node.value
            new_value = value + 1 if isinstance(value, int) else (value * 2 if value else 1.0)
            yield node, f"constant {value!r} -> {new_value!r}", lambda n, v=new_value: setattr(n, "value", v)
        elif isinstance(node, ast.keyword) and node.arg in ("axis", "keepdims", "training", "return_sequences"):
            if isinstance(node.value, ast.Constant):
                old = node.value.value
                new_value = {0: 1, 1: 0, -1: 0, True: False, False: True}.get(old, None)
                if new_value is not None:
                    yield node, f"{node.arg}={old!r} -> {new_value!r}", \
                        lambda n, v=new_value: setattr(n, "value", ast.Constant(v))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            yield node, "unary minus dropped", None   # handled by the parent replacement below
        elif isinstance(node, ast.Slice):
            for part in ("lower", "upper"):
                bound = getattr(node, part)
                if bound is not None:
                    yield node, f"slice {part} bound + 1", \
                        lambda n, part=part: setattr(n, part, ast.BinOp(getattr(n, part), ast.Add(), ast.Constant(1)))
        elif isinstance(node, ast.Return) and node.value is not None:
            yield node, "return None", lambda n: setattr(n, "value", ast.Constant(None))

    def _statement_points(self, func):
        for parent in ast.walk(func):
            for field in ("body", "orelse"):
                body = getattr(parent, field, None)
                if not isinstance(body, list):
                    continue
                for i, stmt in enumerate(body):
                    if isinstance(stmt, (ast.Expr)) and isinstance(getattr(stmt, "value", None), ast.Constant):
                        continue  # a docstring
                    if isinstance(stmt, (ast.Return, ast.FunctionDef, ast.ClassDef, ast.Pass, ast.Raise)):
                        continue
                    if len(body) == 1:
                        continue
                    yield stmt, f"statement dropped: {ast.unparse(stmt).splitlines()[0][:60]}", \
                        ("drop", parent, field, i)


def mutants_of(exercise_name: str, source: str) -> list[Mutant]:
    tree = ast.parse(source)
    found = []
    points = list(_Mutator(tree).points())
    for index, (node, description, action) in enumerate(points):
        if action is None:
            continue
        mutated_tree = copy.deepcopy(tree)
        # Find the same point in the copy by walking in the same order.
        copy_points = list(_Mutator(mutated_tree).points())
        target, _, copy_action = copy_points[index]
        if isinstance(copy_action, tuple):
            _, parent, field, i = copy_action
            getattr(parent, field)[i] = ast.Pass()
        else:
            copy_action(target)
        ast.fix_missing_locations(mutated_tree)
        try:
            mutated = ast.unparse(mutated_tree)
            compile(mutated, exercise_name, "exec")
        except (SyntaxError, ValueError, TypeError):
            continue
        if mutated != ast.unparse(tree):
            found.append(Mutant(exercise_name, getattr(node, "lineno", 0), description, mutated))
    return found


# ----------------------------------------------------------------------------- message quality

_INPUT = re.compile(r"\b\w+\((?!\))|failing input|shape \(|at index|\binputs?\b.*=")
_DIFFERENCE = re.compile(r"expected .*\b(got|returned|is|has|uses|gave)\b|\b(got|returned|raised)\b|instead of"
                         r"|should (be|return|raise)|\bnot\b.*\bbut\b", re.IGNORECASE)


def message_quality(message: str) -> tuple[bool, bool]:
    """(names a concrete input, names the difference) for one failure message."""
    return bool(_INPUT.search(message)), bool(_DIFFERENCE.search(message))


def _first_failure(events: Path) -> str:
    """The message of the first check that did not pass, from the plugin's event stream."""
    try:
        lines = events.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ""
    for line in lines:
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("event") == "check" and event.get("outcome") != "passed":
            return event.get("message", "")
    return ""


# ----------------------------------------------------------------------------- the worker

class _Timeout(Exception):
    pass


def _run_worker(chapter_id: str, mutants_file: Path, timeout: float) -> None:
    """In a child process: run the chapter's checks against each mutant; print one JSON line each."""
    import pytest

    from grader.course import Course
    from grader.workspace import init_workspace

    course = Course.load()
    chapter = course.chapter(chapter_id)
    mutants = json.loads(mutants_file.read_text())
    scratch = Path(tempfile.mkdtemp(prefix="kerascourse-mutants-"))
    init_workspace(scratch, course, chapters=[chapter])
    folder = scratch / chapter.relative_dir
    for ex in chapter.exercises:
        shutil.copyfile(ex.solution_path, folder / ex.filename)

    def on_alarm(signum, frame):
        raise _Timeout()

    signal.signal(signal.SIGALRM, on_alarm)

    events = scratch / "events.jsonl"

    def run(exercise: str) -> str:
        # Forget the learner's modules and the checks of the last run: each run starts as a fresh process would.
        for name, module in list(sys.modules.items()):
            path = str(getattr(module, "__file__", None) or "")
            if path and (str(folder) in path or str(chapter.tests_dir) in path):
                del sys.modules[name]
        args = [str(chapter.tests_dir), "-p", "grader.plugin", "-q", "-x", "--no-header", "--tb=no",
                "-p", "no:cacheprovider", "-o", "addopts=", f"--rootdir={chapter.pack.grader}",
                f"--kerascourse-chapter={chapter.id}", f"--kerascourse-workspace={scratch}",
                f"--kerascourse-exercises={exercise}", f"--kerascourse-events={events}"]
        events.unlink(missing_ok=True)
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            with open(os.devnull, "w") as devnull:
                old = sys.stdout
                sys.stdout = devnull
                try:
                    code = pytest.main(args)
                finally:
                    sys.stdout = old
        except _Timeout:
            return "timeout"
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        return "survived" if code == 0 else "caught"

    baseline = {ex.name: run(ex.name) for ex in chapter.exercises if any(m["exercise"] == ex.name for m in mutants)}
    print(json.dumps({"baseline": baseline}), flush=True)
    for m in mutants:
        path = folder / f"{m['exercise']}.py"
        original = path.read_text()
        path.write_text(m["source"])
        try:
            verdict = run(m["exercise"])
        finally:
            path.write_text(original)
        message = _first_failure(events) if verdict == "caught" else ""
        print(json.dumps({"index": m["index"], "verdict": verdict, "message": message}), flush=True)


# ----------------------------------------------------------------------------- the driver

def chapter_mutants(chapter, limit: int, seed: int) -> list[Mutant]:
    per_exercise = {ex.name: mutants_of(ex.name, ex.solution_path.read_text()) for ex in chapter.exercises}
    rng = random.Random(seed)
    for items in per_exercise.values():
        rng.shuffle(items)
    # Round-robin over exercises, so every exercise is represented.
    chosen, round_ = [], 0
    while len(chosen) < limit and any(len(v) > round_ for v in per_exercise.values()):
        for items in per_exercise.values():
            if round_ < len(items) and len(chosen) < limit:
                chosen.append(items[round_])
        round_ += 1
    return chosen


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapters", nargs="*", help="chapter ids (default: all)")
    parser.add_argument("--max-mutants", type=int, default=60, help="mutants per chapter (default 60)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per mutant before it counts as caught")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the mutants that survived")
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if args.worker:
        _run_worker(args.worker[0], Path(args.worker[1]), args.timeout)
        return 0

    from grader.course import Course

    course = Course.load()
    chapters = [course.chapter(c) for c in args.chapters] if args.chapters else course.chapters
    rows = []
    for chapter in chapters:
        mutants = chapter_mutants(chapter, args.max_mutants, args.seed)
        with tempfile.TemporaryDirectory() as tmp:
            spec = Path(tmp) / "mutants.json"
            spec.write_text(json.dumps([{"index": i, "exercise": m.exercise, "source": m.source}
                                        for i, m in enumerate(mutants)]))
            started = time.monotonic()
            env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1", "PYTHONDONTWRITEBYTECODE": "1",
                   "CUDA_VISIBLE_DEVICES": "-1", "PYTHONPATH": str(ROOT)}
            proc = subprocess.run([sys.executable, __file__, "--worker", chapter.id, str(spec),
                                   "--timeout", str(args.timeout)], capture_output=True, text=True, env=env)
        verdicts, baseline, messages = {}, {}, {}
        for line in proc.stdout.splitlines():
            try:
                data = json.loads(line)
            except ValueError:
                continue
            if "baseline" in data:
                baseline = data["baseline"]
            else:
                verdicts[data["index"]] = data["verdict"]
                if data.get("message"):
                    messages[data["index"]] = data["message"]
        broken = [name for name, v in baseline.items() if v != "survived"]
        if broken or proc.returncode != 0:
            print(f"{chapter.id}: the unmutated solutions do not pass ({broken or proc.stderr[-500:]}); skipped")
            continue
        caught = sum(v in ("caught", "timeout") for v in verdicts.values())
        survivors = [mutants[i] for i, v in verdicts.items() if v == "survived"]
        score = caught / len(verdicts) if verdicts else float("nan")
        quality = {i: message_quality(text) for i, text in messages.items()}
        named_input = sum(q[0] for q in quality.values())
        named_difference = sum(q[1] for q in quality.values())
        rows.append((chapter.id, len(verdicts), caught, score, len(messages), named_input, named_difference))
        print(f"{chapter.id}: {caught}/{len(verdicts)} mutants caught ({score:.0%}) "
              f"in {time.monotonic() - started:.0f} s; of {len(messages)} messages, {named_input} name an input "
              f"and {named_difference} the difference", flush=True)
        if args.verbose:
            for m in survivors:
                print(f"    survived: {chapter.id}.{m.exercise} line {m.line}: {m.description}")
            for i, (has_input, has_difference) in sorted(quality.items()):
                if not (has_input and has_difference):
                    missing = " and ".join(w for w, ok in (("an input", has_input), ("the difference", has_difference))
                                           if not ok)
                    print(f"    vague ({missing}): {chapter.id}.{mutants[i].exercise} line {mutants[i].line} "
                          f"({mutants[i].description}): {messages[i][:200]}")
    if rows:
        print("\nchapter   mutants  caught  score   messages  input  difference")
        for chapter_id, total, caught, score, n, named_input, named_difference in rows:
            print(f"{chapter_id:<9} {total:>7}  {caught:>6}  {score:>5.0%}   {n:>8}  {named_input / max(n, 1):>5.0%}  "
                  f"{named_difference / max(n, 1):>10.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
