#!/usr/bin/env python3
"""Limits `swift format lint` does not check: no line over 120 characters (counted in characters,
not bytes, so '°' and '≤' count once) and no function, initializer or subscript over 60 lines in
the given folders (with --lines-only: the line limit alone, for tests). Prints each violation; exits 1 if any."""
import re
import sys
from pathlib import Path

MAX_LINE, MAX_FUNCTION = 120, 60
DECLARATION = re.compile(r'^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|private|fileprivate|internal|static|class|'
                         r'mutating|nonmutating|override|final|@inlinable|@usableFromInline|convenience|required)\s+)*'
                         r'(?:func\s+[^\s(<]+|init[?!]?|subscript)\s*[(<]')


def code_only(line):
    """The line without string literals and // comments (enough for brace counting here)."""
    line = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)
    return line.split('//', 1)[0]


def function_lengths(lines):
    """(first line number, length in lines, header) of every function-like declaration with a body."""
    found = []
    for start, line in enumerate(lines):
        if not DECLARATION.match(line):
            continue
        depth, opened = 0, False
        for end in range(start, len(lines)):
            text = code_only(lines[end])
            for ch in text:
                if ch == '{':
                    depth, opened = depth + 1, True
                elif ch == '}':
                    depth -= 1
            if opened and depth <= 0:
                found.append((start + 1, end - start + 1, line.strip()))
                break
            if not opened and end > start and re.search(r'^\s*(?:func|var|let|init|case|public|private|static)\b',
                                                        lines[end]):
                break  # a protocol requirement: no body
    return found


def main(arguments):
    lines_only = '--lines-only' in arguments
    folders = [a for a in arguments if a != '--lines-only']
    problems = 0
    for folder in folders:
        for path in sorted(Path(folder).rglob('*.swift')):
            lines = path.read_text(encoding='utf-8').split('\n')
            for number, line in enumerate(lines, 1):
                if len(line) > MAX_LINE:
                    print(f'{path}:{number}: line of {len(line)} characters (at most {MAX_LINE})')
                    problems += 1
            for number, length, header in [] if lines_only else function_lengths(lines):
                if length > MAX_FUNCTION:
                    print(f'{path}:{number}: {header[:60]}… is {length} lines long (at most {MAX_FUNCTION})')
                    problems += 1
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:] or ['Sources']))
