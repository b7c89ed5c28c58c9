"""Fit the line labeller's weights on gold pages (an averaged structured perceptron).

    .venv/bin/python bench/train_structure.py --corpus DIR [DIR ...] [--epochs 12] [--write]

Every `NAME.gold.json` next to its `NAME.txt` is a training page; so are the seeds with
their hand-checked gold (`tests/gold`), counted `--real-weight` times each. The gold files say what
the articles, titles and boxes are, not what each line is; `gold_labels` recovers the
line labels by finding each extracted line in the gold strings. Then, for each page in
turn: decode with the current weights, and where the decoded labels differ from the
gold ones, add the gold labels' features and subtract the decoded ones. The averaged
weights go to `edition/structure/weights.json` with `--write`.

    .venv/bin/python bench/train_structure.py --starts --corpus DIR [DIR ...] [--write]

fits the second look at paragraph starts instead (`edition/structure/starts.py`): a
logistic model over the features of each later-paragraph start the labeller (with the
weights as they are) finds after body text, against whether gold makes it a lead; the
weights go to `edition/structure/starts.json`. Give it pages the labeller was not fitted on,
so that it sees the labeller's errors as they are on new pages (README: the sets used).
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from edition.decode import split_pages  # noqa: E402
from edition.structure.features import PageView, page_features  # noqa: E402
from edition.structure.labels import MARKERS, WEIGHTS_FILE, Weights, default_weights, viterbi  # noqa: E402
from edition.structure.starts import STARTS_FILE, start_features  # noqa: E402
from edition.structure.lines import Line, read_lines  # noqa: E402


def norm(text: str | None) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text or "") if not ch.isspace())


@dataclass
class Segment:
    """One gold string and how much of it the lines seen so far have used."""

    kind: str      # title | byline | para | lead | guide_label | guide_entry | quote_label | quote_text | quote_attr
    text: str
    pos: int = 0


def gold_segments(page: dict) -> list[Segment]:
    out: list[Segment] = []
    for it in page.get("items", []):
        kind = it.get("type")
        if kind == "article":
            out += [Segment("title", norm(t)) for t in it.get("titles") or []]
            if it.get("byline"):
                out.append(Segment("byline", norm(it["byline"])))
            out += [Segment("lead" if j == 0 else "para", norm(p)) for j, p in enumerate(it.get("paragraphs") or [])]
        elif kind == "guide":
            if it.get("label"):
                out.append(Segment("guide_label", norm(it["label"])))
            out += [Segment("guide_entry", norm(e["title"])) for e in it.get("entries") or []]
        elif kind == "quote":
            out += [Segment("quote_label", norm(it.get("label"))), Segment("quote_text", norm(it.get("text"))),
                    Segment("quote_attr", norm(it.get("attribution")))]
        elif kind == "headline":
            out.append(Segment("title", norm(it.get("text"))))
    return [s for s in out if s.text]


def _label(seg: Segment, at: int) -> str:
    if seg.kind == "title":
        return "title" if at == 0 else "title_cont"
    if seg.kind in ("lead", "para"):
        return ("lead" if seg.kind == "lead" else "para_start") if at == 0 else "para_cont"
    return seg.kind


def _find(segments: list[Segment], t: str, last: Segment | None,
          following: str = "") -> tuple[Segment, int] | None:
    """The segment a line's text continues, starts, or otherwise occurs in.

    `following` is the next line's text: a short line that is only the first few characters
    of a longer string (`评论` before `评论员 张三` far below) starts it only when the next
    line goes on with it; otherwise it is page furniture that happens to share a word.
    """
    if last is not None and last.text.startswith(t, last.pos):
        return last, last.pos
    def opens(s: Segment) -> bool:
        return len(t) >= 5 or s.text == t or s.text.startswith(following[:1], len(t))

    for s in segments:                 # exactly where a segment stands
        if s.text.startswith(t, s.pos) and (s.pos > 0 or opens(s)):
            return s, s.pos
    for s in segments:                 # at the start of one
        if s.pos == 0 and s.text.startswith(t) and opens(s):
            return s, 0
    for s in segments:                 # anywhere (not a short word that page furniture may share)
        if len(t) < 5:
            break
        at = s.text.find(t)
        if at >= 0:
            return s, at
    return None


def gold_labels(lines: list[Line], page: dict) -> list[str]:
    """Line labels implied by a gold page: where each line's text is found in the gold."""
    segments = gold_segments(page)
    labels: list[str] = []
    last: Segment | None = None
    texts = [norm(line.text) if line.kind not in MARKERS else "" for line in lines]
    for k, line in enumerate(lines):
        if line.kind in MARKERS:
            labels.append(line.kind)
            continue
        t = texts[k]
        following = next((x for x in texts[k + 1:] if x), "")
        hit = _find(segments, t, last, following) if t else None
        if hit is None and len(t) > 1:
            # A line holding the end of one string and the start of another (two titles
            # side by side): label it by its longest leading piece found.
            # Both pieces must be found, so a masthead that merely opens with a title's first
            # characters (`2024年…` before a title `2025年…`) stays page furniture.
            for cut in range(len(t) - 2, 1, -1):
                hit = _find(segments, t[:cut], last)
                rest = _find(segments, t[cut:], None) if hit else None
                if hit and rest:
                    rest[0].pos = max(rest[0].pos, rest[1] + len(t) - cut)
                    t = t[:cut]
                    break
                hit = None
        if hit is None:
            labels.append("other")
            last = None
            continue
        seg, at = hit
        labels.append(_label(seg, at))
        seg.pos = max(seg.pos, at + len(t))
        last = seg
    return labels


@dataclass
class Example:
    name: str
    lines: list[Line]
    features: list[list[str]]
    labels: list[str]


def load_examples(dirs: list[Path], limit: int | None = None, texts: Path | None = None) -> list[Example]:
    """Training pages from folders of NAME.gold.json, with NAME.txt beside it (or in `texts`)."""
    out: list[Example] = []
    for d in dirs:
        for gf in sorted(d.glob("*.gold.json"))[:limit]:
            gold = json.loads(gf.read_text(encoding="utf-8"))
            src = gf.parent / gold["source"]
            if not src.exists() and texts is not None:
                src = texts / gold["source"]
            text = src.read_text(encoding="utf-8").replace("\r\n", "\n").lstrip("\ufeff")
            for k, (page_text, page) in enumerate(zip(split_pages(text), gold["pages"])):
                lines = read_lines(page_text)
                out.append(Example(f"{gf.name}#{k}", lines, page_features(lines), gold_labels(lines, page)))
    return out


class Perceptron:
    """Averaged structured perceptron over emission and transition weights."""

    def __init__(self) -> None:
        self.w: dict[tuple[str, str], float] = defaultdict(float)
        self.u: dict[tuple[str, str], float] = defaultdict(float)
        self.c = 1

    def weights(self, averaged: bool = False) -> Weights:
        emit: dict[str, dict[str, float]] = defaultdict(dict)
        trans: dict[tuple[str, str], float] = {}
        for (a, b), w in self.w.items():
            v = w - self.u[(a, b)] / self.c if averaged else w
            if a.startswith("T:"):
                trans[tuple(a[2:].split(">", 1))] = v
            else:
                emit[a][b] = v
        return Weights(emit=dict(emit), trans=trans)

    def _add(self, key: tuple[str, str], v: float) -> None:
        self.w[key] += v
        self.u[key] += self.c * v

    def update(self, ex: Example, pred: list[str]) -> int:
        errors = 0
        prev_g = prev_p = "<s>"
        for fs, g, p in zip(ex.features, ex.labels, pred):
            if g != p:
                errors += 1
                for f in fs:
                    self._add((g, f), 1.0)
                    self._add((p, f), -1.0)
            if (prev_g, g) != (prev_p, p):
                self._add((f"T:{prev_g}>{g}", ""), 1.0)
                self._add((f"T:{prev_p}>{p}", ""), -1.0)
            prev_g, prev_p = g, p
        self.c += 1
        return errors


def train(examples: list[Example], epochs: int, seed: int = 0) -> Weights:
    model = Perceptron()
    rng = random.Random(seed)
    order = list(examples)
    for epoch in range(epochs):
        rng.shuffle(order)
        errors = total = 0
        start = time.perf_counter()
        for ex in order:
            pred = viterbi(ex.lines, ex.features, model.weights())
            errors += model.update(ex, pred)
            total += len(ex.labels)
        print(f"epoch {epoch + 1}: {errors} of {total} lines wrong ({errors / max(1, total):.2%}), "
              f"{time.perf_counter() - start:.1f} s", flush=True)
    return model.weights(averaged=True)


def mean_weights(runs: list[Weights]) -> Weights:
    """The average of several runs' weights: one perceptron depends on the order it saw the
    pages in; the mean of a few orders varies less."""
    emit: dict[str, dict[str, float]] = {}
    trans: dict[tuple[str, str], float] = {}
    for w in runs:
        for lab, fs in w.emit.items():
            for f, v in fs.items():
                emit.setdefault(lab, {})[f] = emit.get(lab, {}).get(f, 0.0) + v / len(runs)
        for k, v in w.trans.items():
            trans[k] = trans.get(k, 0.0) + v / len(runs)
    return Weights(emit=emit, trans=trans)


def accuracy(examples: list[Example], weights: Weights) -> float:
    right = total = 0
    for ex in examples:
        pred = viterbi(ex.lines, ex.features, weights)
        right += sum(g == p for g, p in zip(ex.labels, pred))
        total += len(pred)
    return right / max(1, total)


def start_examples(examples: list[Example], weights: Weights) -> tuple[list[list[str]], list[int]]:
    """For the second look at paragraph starts (edition/structure/starts.py): the features of
    each later-paragraph start the labeller finds after body text, and whether gold makes it
    a story's lead (1) or a later paragraph (0). Starts gold gives another label are left out."""
    xs, ys = [], []
    for ex in examples:
        view = PageView.of(ex.lines)
        labels = viterbi(ex.lines, ex.features, weights)
        for at, features in start_features(view, labels).items():
            if ex.labels[at] in ("lead", "para_start"):
                xs.append(features)
                ys.append(int(ex.labels[at] == "lead"))
    return xs, ys


def fit_logistic(xs: list[list[str]], ys: list[int], l2: float = 1.0, steps: int = 25) -> dict[str, float]:
    """Logistic regression over binary features, by Newton's method with an L2 penalty:
    deterministic, and few features (a few dozen), so the Hessian is small."""
    names = sorted({f for fs in xs for f in fs})
    at = {f: k for k, f in enumerate(names)}
    rows = [[at[f] for f in set(fs)] for fs in xs]
    n = len(names)
    w = [0.0] * n
    for _ in range(steps):
        grad = [l2 * v for v in w]
        hess = [[l2 if i == j else 0.0 for j in range(n)] for i in range(n)]
        for row, y in zip(rows, ys):
            p = 1.0 / (1.0 + math.exp(-sum(w[k] for k in row)))
            for i in row:
                grad[i] += p - y
                for j in row:
                    hess[i][j] += p * (1.0 - p)
        step = solve(hess, grad)
        w = [a - b for a, b in zip(w, step)]
        if max(map(abs, step)) < 1e-6:
            break
    return {f: round(w[k], 3) for f, k in at.items()}


def solve(a: list[list[float]], b: list[float]) -> list[float]:
    """x with a x = b, by Gaussian elimination with partial pivoting (a is small)."""
    n = len(b)
    m = [row[:] + [v] for row, v in zip(a, b)]
    for c in range(n):
        piv = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[piv] = m[piv], m[c]
        for r in range(c + 1, n):
            f = m[r][c] / m[c][c]
            if f:
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][k] * x[k] for k in range(r + 1, n))) / m[r][r]
    return x


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, nargs="+", required=True, help="folders of NAME.txt + NAME.gold.json")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--runs", type=int, default=1, help="average the weights of this many page orders")
    ap.add_argument("--limit", type=int, default=None, help="at most this many gold files per folder")
    ap.add_argument("--real", type=Path, default=ROOT / "tests" / "gold",
                    help="hand-checked gold of real pages (texts in seeds/), weighted by --real-weight")
    ap.add_argument("--real-weight", type=int, default=8,
                    help="how many times each real page counts against one generated page")
    ap.add_argument("--write", action="store_true", help=f"write the weights to {WEIGHTS_FILE.relative_to(ROOT)}")
    ap.add_argument("--starts", action="store_true",
                    help="fit the second look at paragraph starts instead, with the labeller's weights as they "
                         f"are, and (with --write) write {STARTS_FILE.relative_to(ROOT)}; give it pages the "
                         "labeller was not fitted on, whose labels have the errors it will meet")
    a = ap.parse_args()
    examples = load_examples(a.corpus, a.limit)
    if a.starts:
        xs, ys = start_examples(examples, default_weights())
        weights = fit_logistic(xs, ys)
        found = sum(1 for fs, y in zip(xs, ys) if y and sum(weights.get(f, 0.0) for f in fs) > 0)
        wrong = sum(1 for fs, y in zip(xs, ys) if not y and sum(weights.get(f, 0.0) for f in fs) > 0)
        print(f"{len(xs)} later-paragraph starts after body text, {sum(ys)} of them leads; "
              f"the fitted weights make {found} of those leads and {wrong} later paragraphs leads")
        if a.write:
            STARTS_FILE.write_text(json.dumps(weights, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                                   encoding="utf-8")
            print(f"wrote {STARTS_FILE}")
        return 0
    # Real pages are few and generated ones many: each real page counts several times.
    examples += load_examples([a.real], texts=ROOT / "seeds") * a.real_weight
    print(f"{len(examples)} pages, {sum(len(e.labels) for e in examples)} lines")
    weights = mean_weights([train(examples, a.epochs, seed) for seed in range(a.runs)])
    print(f"line accuracy on the training pages: {accuracy(examples, weights):.2%}")
    if a.write:
        WEIGHTS_FILE.write_text(weights.to_json() + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
