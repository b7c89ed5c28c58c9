"""Score the structurer on a generated corpus: overall, per extractor, per design, per component.

    python bench/score_corpus.py --corpus DIR [--scorer ../shared/tools/score_structure.py]
                                 [--json OUT] [--min 97]

Each NAME.txt is structured in-process exactly as `edition inspect NAME.txt --json` does
(`load_issue_with_config`, then the model's dict form) and compared with NAME.gold.json by the
shared scorer's `score()`, imported from its path so that the figures are the scorer's own.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SCORER = ROOT.parent / "shared" / "tools" / "score_structure.py"
COMPONENTS = ("articles", "paragraphs", "titles", "bylines", "jumps", "guide", "quotes", "conserved")


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score_structure", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"score_corpus: cannot load the scorer from {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def predict(txt: Path) -> dict:
    """The model `edition inspect TXT --json` prints, as a dict."""
    from edition import load_issue_with_config
    from edition.serialize import to_dict
    issue, _ = load_issue_with_config([txt], None, None, None)
    return to_dict(issue)


def score_pair(scorer, gold_path: Path) -> dict:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    src = gold_path.parent / gold["source"]
    raw = src.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    meta = gold.get("meta", {})
    row = {"source": gold["source"], "design": meta.get("design", "?"), "extractor": meta.get("extractor", "?"),
           "split": meta.get("split"), "pages": len(gold["pages"])}
    start = time.perf_counter()
    try:
        pred = predict(src)
    except Exception as e:                      # a crash scores zero, like the shared scorer's
        return dict(row, overall=0.0, error=repr(e)[:300], ms=0.0)
    row["ms"] = (time.perf_counter() - start) * 1000
    r = scorer.score(gold, pred, text)
    row.update({k: v for k, v in r.items() if not k.startswith("_")})
    row["overall"] = scorer.overall(r)
    row["counts"] = r["_counts"]
    if "_missing" in r:
        row["missing"], row["extra"] = r["_missing"], r["_extra"]
    return row


def mean(rows: list[dict], key: str) -> float:
    vals = [r[key] for r in rows if key in r]
    return statistics.fmean(vals) if vals else float("nan")


def table(title: str, groups: dict[str, list[dict]]) -> str:
    head = f"{title:16} {'pairs':>5} {'overall':>8} " + " ".join(f"{c[:6]:>6}" for c in COMPONENTS)
    lines = [head, "-" * len(head)]
    for name in sorted(groups):
        rows = groups[name]
        lines.append(f"{name:16} {len(rows):5d} {100 * mean(rows, 'overall'):7.1f}% "
                     + " ".join(f"{mean(rows, c):6.3f}" for c in COMPONENTS))
    return "\n".join(lines)


def report(rows: list[dict]) -> str:
    by_ex, by_design = defaultdict(list), defaultdict(list)
    for r in rows:
        by_ex[r["extractor"]].append(r)
        by_design[r["design"]].append(r)
    out = [f"overall {100 * mean(rows, 'overall'):.1f}% over {len(rows)} pairs "
           f"({sum(r['pages'] for r in rows)} pages); structuring {mean(rows, 'ms') / max(1, mean(rows, 'pages')):.1f} ms a page",
           "", table("extractor", by_ex), "", table("design", by_design), "",
           table("all", {"all": rows}), "", "worst 10:"]
    for r in sorted(rows, key=lambda r: (r["overall"], r["source"]))[:10]:
        weak = ", ".join(f"{c} {r[c]:.2f}" for c in COMPONENTS if c in r and r[c] < 0.999)
        out.append(f"  {100 * r['overall']:5.1f}%  {r['source']}  {r.get('error') or weak}  [{r.get('counts', '')}]")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--scorer", type=Path, default=DEFAULT_SCORER)
    ap.add_argument("--json", type=Path, help="write the per-pair results here")
    ap.add_argument("--min", type=float, default=None, help="exit 1 if the overall score (0-100) is below this")
    a = ap.parse_args(argv)
    scorer = load_scorer(a.scorer)
    golds = sorted(a.corpus.glob("*.gold.json"))
    if not golds:
        print(f"score_corpus: no *.gold.json in {a.corpus}", file=sys.stderr)
        return 2
    rows = [score_pair(scorer, g) for g in golds]
    print(report(rows))
    if a.json:
        a.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    total = 100 * mean(rows, "overall")
    return 1 if a.min is not None and total < a.min else 0


if __name__ == "__main__":
    sys.exit(main())
