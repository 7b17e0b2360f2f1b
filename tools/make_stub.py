"""Draft stubs from solutions: keep imports, signatures and docstrings; bodies raise NotImplementedError.

    python tools/make_stub.py exercises/ch1 solutions/ch1/*.py

The NotImplementedError message is the first line of each docstring. Read the
drafts afterwards: a stub's docstring must state the task without giving it away.
Existing stubs are never overwritten.
"""
import ast, sys, re
from pathlib import Path

def stub(src: str) -> str:
    tree = ast.parse(src)
    lines = src.splitlines(keepends=True)
    edits = []  # (start_line, end_line, replacement) 1-based inclusive
    def visit(node, cls=None):
        for child in node.body:
            if isinstance(child, (ast.FunctionDef,)):
                doc = ast.get_docstring(child)
                first = (doc or f"write {child.name}").strip().splitlines()[0].rstrip(".")
                body = child.body
                start = body[1].lineno if (doc and len(body) > 1) else (body[0].lineno if not doc else None)
                if doc and len(body) == 1:
                    continue
                end = child.end_lineno
                indent = " " * (child.col_offset + 4)
                msg = re.sub(r":\w+:`([^`]*)`", r"\1", first).replace("``", "").replace('"', "'")
                if len(msg) > 100:
                    msg = msg[:97] + "..."
                edits.append((start, end, f'{indent}raise NotImplementedError("{msg}")\n'))
            elif isinstance(child, ast.ClassDef):
                visit(child, child)
    visit(tree)
    for start, end, rep in sorted(edits, reverse=True):
        lines[start-1:end] = [rep]
    return "".join(lines)

if __name__ == "__main__":
    for path in sys.argv[2:]:
        out = Path(sys.argv[1]) / Path(path).name
        if out.exists():
            print("kept", out)
            continue
        out.write_text(stub(Path(path).read_text()))
        print("wrote", out)
