#!/usr/bin/env python3
"""Lists the methods (and constructors) of main code longer than a limit, longest first.

Usage: python3 .ci/long_methods.py [LIMIT=60] [ROOT=.]; exits 1 when any method is over LIMIT.
A method's length runs from its first line (annotations included) to its closing brace; code in
lambdas and anonymous classes counts toward the method that holds it.
"""
import pathlib
import re
import sys

KEYWORDS = {"if", "for", "while", "switch", "catch", "synchronized", "try", "do", "else", "finally", "return", "new"}
TYPE_DECL = re.compile(r"\b(class|interface|enum|record)\s+\w+")
METHOD = re.compile(r"(\w+)\s*\([^()]*(?:\([^()]*\)[^()]*)*\)\s*(throws\s+[\w.,\s]+)?$", re.S)


def blank_out(src):
    """Comments, strings and char literals become spaces; newlines stay, so line numbers hold."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i)); i = j
        elif src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j])); i = j
        elif src.startswith('"""', i):
            j = src.find('"""', i + 3)
            j = n if j < 0 else j + 3
            out.append(re.sub(r"[^\n]", " ", src[i:j])); i = j
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(" " * (j + 1 - i)); i = j + 1
        else:
            out.append(c); i += 1
    return "".join(out)


def methods(path):
    src = blank_out(path.read_text(encoding="utf-8"))
    stack = []  # (kind, name, start line)
    header_start = 0
    for i, c in enumerate(src):
        if c in ";{}":
            if c == "{":
                header = src[header_start:i].strip()
                start = src.count("\n", 0, header_start + len(src[header_start:i]) - len(src[header_start:i].lstrip())) + 1
                in_type = not stack or stack[-1][0] == "type"
                if TYPE_DECL.search(header) or re.search(r"\bnew\s+[\w.<>]+\s*\(.*\)$", header, re.S) and "->" not in header:
                    stack.append(("type", None, start))
                elif in_type:
                    m = METHOD.search(header)
                    name = m.group(1) if m and m.group(1) not in KEYWORDS else header.split()[-1] if header else "{init}"
                    stack.append(("method", name, start))
                else:
                    stack.append(("block", None, start))
            elif c == "}" and stack:
                kind, name, start = stack.pop()
                if kind == "method":
                    yield name, start, src.count("\n", 0, i) + 1
            header_start = i + 1


def main():
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    root = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else ".")
    found = []
    for f in sorted(root.glob("*/src/main/java/**/*.java")):
        for name, start, end in methods(f):
            found.append((end - start + 1, f"{f.relative_to(root)}:{start}", name))
    found.sort(key=lambda t: -t[0])
    over = [t for t in found if t[0] > limit]
    for length, where, name in over:
        print(f"{length:4d} lines  {name}  {where}")
    longest = found[0] if found else (0, "-", "-")
    print(f"{len(found)} methods in main code; {len(over)} over {limit} lines; longest {longest[0]} ({longest[2]}, {longest[1]})")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
