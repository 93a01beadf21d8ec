# One-off helper used while the modules were written in parallel: merges
# docs/errors.d/*.md into docs/errors.md (a heading per code, each code once).
import re, pathlib
d = pathlib.Path('docs/errors.d')
order = ['rules.md', 'params.md', 'config.md', 'lookup.md', 'reports.md', 'settings.md', 'pop-cli.md']
out = ['''# Errors

Every error screenpop raises on bad input is a `ScreenpopError` (or a
subclass: `RuleSyntaxError`, `ParamsError`, `ConfigError`, `LookupError`,
`PopError`, `FileError`, `PopSpecError`, …) with

- `code` — a stable string, one heading below each;
- `input` — the text the problem was found in;
- `range` — a half-open `{ start, end }` into `input`;
- `line`, `column` — 1-based, of `range.start`;
- `hint` — how to fix it, when there is something specific to say;
- `message` — all of the above with a caret excerpt, ending in `See docs/errors.md#<code>`.

```text
Unknown field "fromParty.Kee" [unknown_field] (customURL_Rule key "02", line 1, column 1)
  fromParty.Kee=contact=>default
  ^^^^^^^^^^^^^
Hint: Did you mean "fromParty.Key"?
See docs/errors.md#unknown_field
```

Collecting APIs (`safeParseRule`, `compileRules`, `readKvCsv`, …) return every
error at once; throwing ones (`parseRule`, `parseKvCsv`, …) throw the first.
''']
seen = {}          # code -> list of body chunks
sections = []      # (intro text, [codes]) per fragment, in order
for name in order:
    f = d / name
    if not f.exists():
        continue
    text = f.read_text()
    if name == 'lookup.md':
        text = '## Caller lookup (`LookupError`)\n\n`lookupCaller` rejects with these; each carries `entity` and, for HTTP failures, `status`.\n\n' + re.sub(r'^## ', '### ', text, flags=re.M)
    family = re.match(r'## .*?\(`(\w+)`\)', text)
    parts = re.split(r'(?m)^(?=### )', text)
    codes = []
    for p in parts[1:]:
        code = re.match(r'### (\S+)', p).group(1)
        if code in seen:
            # A code shared by two families: one heading, both explanations.
            body = p.split('\n', 1)[1].strip()
            seen[code].append(f"*{family.group(1) if family else name}:* {body}\n\n")
        else:
            seen[code] = [p.rstrip() + '\n\n']
            codes.append(code)
    sections.append((parts[0], codes))
for intro, codes in sections:
    out.append(intro + ''.join(''.join(seen[c]) for c in codes).rstrip() + '\n')
pathlib.Path('docs/errors.md').write_text('\n'.join(out))
print(len(seen), 'codes')
