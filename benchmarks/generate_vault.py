"""Generate a synthetic Dendron-style vault of AI-engineering notes for benchmarks.

Run:
    python benchmarks/generate_vault.py OUT_DIR [--notes 10000] [--seed 1] [--force]

The output is deterministic for a given (--notes, --seed). Notes are ~2.5 KB on average
(0.5-8 KB), ~85% carry Dendron frontmatter, file names are dotted hierarchies 1-4 levels deep
with some parents missing (stubs), and bodies mix headings, prose, wikilinks (with anchors,
aliases and a few broken ones), inline #tags, glossary lists, code blocks, tables and callouts.
Put vaults in a temp dir or benchmarks/out/ (gitignored); never commit them.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

# --- vocabulary ------------------------------------------------------------------------------

# fmt: off
NOUNS: tuple[str, ...] = (
    "token", "tokens", "tokenizer", "tokenization", "transformer", "transformers", "attention",
    "head", "heads", "layer", "layers", "embedding", "embeddings", "vector", "vectors",
    "quantization", "quantizer", "weight", "weights", "activation", "activations", "gradient",
    "gradients", "optimizer", "scheduler", "learning rate", "batch", "batches", "sequence",
    "context window", "prompt", "prompts", "completion", "decoder", "encoder", "logit",
    "logits", "softmax", "temperature", "sampler", "beam search", "retrieval", "retriever",
    "reranker", "index", "chunk", "chunks", "chunking", "corpus", "dataset", "datasets",
    "benchmark", "benchmarks", "evaluation", "evaluator", "metric", "metrics", "latency",
    "throughput", "memory", "bandwidth", "kernel", "kernels", "GPU", "accelerator", "cache",
    "KV cache", "checkpoint", "checkpoints", "adapter", "adapters", "LoRA", "finetuning",
    "pretraining", "distillation", "pruning", "sparsity", "mixture of experts", "router",
    "agent", "agents", "tool call", "planner", "memory store", "pipeline", "pipelines",
    "guardrail", "guardrails", "hallucination", "hallucinations", "grounding", "citation",
    "reward model", "preference data", "policy", "baseline", "ablation", "regression", "loss",
    "perplexity", "overfitting", "regularization", "dropout", "normalization",
    "residual stream", "positional encoding", "rotary embedding", "vocabulary", "byte pair",
    "inference", "serving", "deployment", "endpoint", "request", "requests", "queue",
    "scheduler policy", "speculative decoding", "draft model", "cost", "budget", "trace",
    "observability", "dashboard", "feedback loop", "annotation", "labeler", "rubric",
    "judge model", "prompt template", "system prompt", "schema", "structured output",
    "function calling", "vector store", "similarity", "cosine similarity", "recall",
    "precision", "hybrid search", "BM25", "query", "queries", "rewrite", "context",
)
VERBS: tuple[str, ...] = (
    "reduces", "increases", "dominates", "shapes", "controls", "limits", "improves", "degrades",
    "caches", "stores", "retrieves", "ranks", "filters", "normalizes", "scales", "shards",
    "batches", "streams", "quantizes", "compresses", "tokenizes", "embeds", "attends to",
    "routes", "evaluates", "measures", "tracks", "logs", "samples", "decodes", "generates",
    "predicts", "overfits", "underfits", "regularizes", "distills", "prunes", "fine-tunes",
    "pretrains", "aligns", "grounds", "cites", "validates", "parses", "serializes", "schedules",
    "preempts", "evicts", "reuses", "amortizes", "saturates", "bottlenecks", "parallelizes",
    "overlaps", "hides", "exposes", "trades off",
)
ADJECTIVES: tuple[str, ...] = (
    "naïve", "causal", "sparse", "dense", "quantized", "low-rank", "multi-head", "grouped",
    "sliding", "greedy", "stochastic", "deterministic", "long", "short", "noisy", "clean",
    "synthetic", "held-out", "in-distribution", "out-of-distribution", "robust", "brittle",
    "expensive", "cheap", "memory-bound", "compute-bound", "latency-sensitive", "offline",
    "online", "incremental", "hierarchical", "semantic", "lexical", "hybrid", "contextual",
    "calibrated", "overconfident", "aligned", "instruction-tuned", "multilingual", "blocking",
    "asynchronous", "batched", "streaming", "cached", "warm", "cold", "effective",
)
ADVERBS: tuple[str, ...] = (
    "usually", "often", "rarely", "quietly", "sharply", "roughly", "almost always",
    "in practice", "at scale", "per request", "per token", "on average", "surprisingly",
)
CONNECTIVES: tuple[str, ...] = (
    "because", "while", "whereas", "so", "which means", "unless", "as long as", "although",
    "and therefore", "but", "since", "even when",
)
OPENERS: tuple[str, ...] = (
    "In practice,", "At inference time,", "During finetuning,", "For retrieval,",
    "Empirically,", "In my notes,", "As a rule of thumb,", "On a single GPU,",
    "In the café benchmark run,", "For long contexts,", "When serving at scale,",
    "Counter-intuitively,", "Per the paper,", "In production,", "", "", "", "",
)
CJK_SENTENCES: tuple[str, ...] = (
    "注意力机制决定了每个词元关注哪些其他词元。",
    "量化可以显著降低推理时的显存占用。",
    "検索拡張生成は外部知識をモデルに与える方法です。",
    "トークナイザーは文字列をトークン列に変換する。",
    "向量数据库用于存储和检索嵌入向量。",
)

# hierarchy: top domains with their sub-areas; deeper levels draw from TOPICS
DOMAINS: dict[str, tuple[str, ...]] = {
    "llm": ("inference", "training", "architecture", "tokenization", "decoding", "scaling"),
    "rag": ("retrieval", "chunking", "reranking", "indexing", "evaluation", "query-rewrite"),
    "agents": ("planning", "tools", "memory", "multi-agent", "reflection", "orchestration"),
    "eval": ("benchmarks", "llm-judge", "human-eval", "metrics", "regression", "red-team"),
    "finetuning": ("lora", "sft", "rlhf", "dpo", "data-mixing", "distillation"),
    "mlops": ("serving", "monitoring", "deployment", "ci", "cost", "observability"),
    "data": ("curation", "labeling", "synthetic", "dedup", "filtering", "privacy"),
    "embeddings": ("models", "similarity", "vector-db", "multilingual", "matryoshka"),
    "prompting": ("few-shot", "chain-of-thought", "templates", "structured-output", "system"),
    "safety": ("guardrails", "jailbreaks", "alignment", "hallucination", "pii"),
    "vision": ("vlm", "ocr", "diffusion", "captioning", "clip"),
    "infra": ("gpu", "kernels", "parallelism", "networking", "storage", "quantization"),
    "papers": ("2023", "2024", "2025", "reading-list", "surveys"),
    "daily": ("journal", "standup", "ideas"),
}
TOPICS: tuple[str, ...] = (
    "kv-cache", "paged-attention", "flash-attention", "speculative-decoding", "batching",
    "continuous-batching", "prefix-caching", "rope", "alibi", "gqa", "mqa", "moe", "router",
    "bpe", "sentencepiece", "tiktoken", "vocab-size", "beam-search", "top-p", "top-k",
    "temperature", "logprobs", "hybrid-search", "bm25", "hnsw", "ivf-pq", "colbert",
    "cross-encoder", "recall-at-k", "mrr", "ndcg", "faithfulness", "groundedness",
    "context-precision", "tool-calling", "react", "reflexion", "scratchpad", "long-term-memory",
    "episodic-memory", "reward-model", "ppo", "kl-penalty", "preference-pairs", "qlora", "int8",
    "int4", "gptq", "awq", "fp8", "tensor-parallel", "pipeline-parallel", "zero", "fsdp",
    "gradient-checkpointing", "mixed-precision", "warmup", "cosine-schedule", "learning-rate",
    "dropout", "layer-norm", "rms-norm", "residual", "positional-encoding", "prompt-injection",
    "output-parsing", "json-mode", "latency-budget", "ttft", "tpot", "throughput",
    "autoscaling", "canary", "drift", "tracing", "caching", "cost-model", "near-dup", "minhash",
    "pii-scrubbing", "annotation-guide", "inter-rater", "glossary", "faq", "overview",
    "cheatsheet", "open-questions", "experiments", "notes",
)
HEADINGS: tuple[str, ...] = (
    "Overview", "Background", "How it works", "Key ideas", "Trade-offs", "Pitfalls", "Examples",
    "Implementation notes", "Benchmarks", "Open questions", "References", "Summary", "Details",
    "Failure modes", "Costs", "Intuition", "Math", "Results", "Setup", "Takeaways",
)
TAGS: tuple[str, ...] = (
    "llm", "rag", "agents", "eval", "inference", "training", "architecture", "transformer",
    "quantization", "retrieval", "embeddings", "prompting", "safety", "mlops", "data",
    "finetuning", "latency", "cost", "paper", "todo", "question", "draft", "gpu", "vision",
)
CALLOUTS: tuple[str, ...] = ("info", "note", "tip", "warning", "question", "example", "todo")
CODE_SNIPPETS: tuple[tuple[str, str], ...] = (
    (
        "python",
        "def attention(q, k, v, scale):\n    scores = q @ k.T * scale\n"
        "    weights = softmax(scores, axis=-1)\n    return weights @ v",
    ),
    (
        "python",
        "from transformers import AutoTokenizer\n\n"
        'tok = AutoTokenizer.from_pretrained("gpt2")\n'
        'ids = tok("naïve tokenization of a café menu")["input_ids"]\nprint(len(ids))',
    ),
    (
        "python",
        "def recall_at_k(retrieved, relevant, k=10):\n"
        "    hits = len(set(retrieved[:k]) & set(relevant))\n"
        "    return hits / max(len(relevant), 1)",
    ),
    (
        "bash",
        "vllm serve meta-llama/Llama-3.1-8B-Instruct \\\n  --max-model-len 8192 \\\n"
        "  --gpu-memory-utilization 0.9 --enable-prefix-caching",
    ),
    (
        "yaml",
        "lora:\n  r: 16\n  alpha: 32\n  dropout: 0.05\n  target_modules: [q_proj, v_proj]",
    ),
    ("json", '{"model": "judge-v2", "rubric": "faithfulness", "scale": [1, 5], "n": 200}'),
    (
        "python",
        "kv_bytes = 2 * n_layers * n_kv_heads * head_dim * seq_len * batch * bytes_per_elem\n"
        'print(f"{kv_bytes / 2**30:.1f} GiB")',
    ),
    ("", "tokens/s = batch_size * (1 / tpot)\nttft ≈ prefill_tokens / prefill_throughput"),
)
ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
EPOCH_MS_START = 1_640_995_200_000  # 2022-01-01
EPOCH_MS_SPAN = 3 * 365 * 24 * 3600 * 1000
# fmt: on


# --- names -----------------------------------------------------------------------------------


def make_fnames(rng: random.Random, count: int) -> list[str]:
    """`count` unique dotted names, 1-4 levels deep. Leaves are 2-4 levels; each parent is
    written with probability 0.35 when a child is drawn, so many parents stay stubs."""
    names: list[str] = []
    seen: set[str] = set()
    domains = list(DOMAINS)

    def add(name: str) -> None:
        if name not in seen and len(names) < count:
            seen.add(name)
            names.append(name)

    while len(names) < count:
        depth = rng.choices((2, 3, 4), weights=(20, 45, 35))[0]
        domain = rng.choice(domains)
        parts = [domain]
        parts.append(rng.choice(DOMAINS[domain]))
        if depth >= 3:
            parts.append(rng.choice(TOPICS))
        if depth >= 4:
            parts.append(rng.choice(TOPICS))
        if depth >= 3:
            parts[-1] = f"{parts[-1]}-{rng.randrange(1, 1 + max(10, count // 50))}"
        name = ".".join(parts)
        if name in seen:
            continue
        # materialise some parents; the others stay stubs
        for cut in range(len(parts) - 1, 0, -1):
            if rng.random() < 0.35:
                add(".".join(parts[:cut]))
        add(name)
    return names


def title_of(fname: str) -> str:
    last = fname.rsplit(".", 1)[-1]
    words = last.replace("-", " ").split()
    return " ".join(w.upper() if len(w) <= 3 and w.isalpha() else w.capitalize() for w in words)


# --- prose -----------------------------------------------------------------------------------


class Writer:
    """Builds note bodies; all randomness goes through one seeded `random.Random`."""

    def __init__(self, rng: random.Random, fnames: list[str]) -> None:
        self.rng = rng
        self.fnames = fnames

    def sentence(self) -> str:
        r = self.rng
        n1, n2, n3 = r.choices(NOUNS, k=3)
        adj1, adj2 = r.choices(ADJECTIVES, k=2)
        form = r.randrange(6)
        if form == 0:
            s = f"The {adj1} {n1} {r.choice(VERBS)} the {n2} {r.choice(CONNECTIVES)} the {n3}"
            s += f" {r.choice(VERBS)} {r.choice(ADVERBS)}"
        elif form == 1:
            s = f"A {adj1} {n1} {r.choice(ADVERBS)} {r.choice(VERBS)} {adj2} {n2}"
        elif form == 2:
            s = f"{n1.capitalize()} {r.choice(VERBS)} {n2}, {r.choice(CONNECTIVES)} {adj1} "
            s += f"{n3} {r.choice(VERBS)} the {r.choice(NOUNS)}"
        elif form == 3:
            s = f"Most {adj1} {n1} setups {r.choice(ADVERBS)} trade {n2} for {n3}"
        elif form == 4:
            s = f"If the {n1} is {adj1}, the {n2} {r.choice(VERBS)} the {adj2} {n3}"
        else:
            s = f"{n1.capitalize()} and {n2} are {adj1}, so {n3} {r.choice(VERBS)} everything"
        opener = r.choice(OPENERS)
        if opener:
            keep = s[1].isupper()  # an acronym (KV cache, GPU, LoRA) keeps its case
            s = f"{opener} {s if keep else s[0].lower() + s[1:]}"
        return s + "."

    def link(self) -> str:
        r = self.rng
        roll = r.random()
        target = r.choice(self.fnames)
        if roll < 0.03:  # broken: a name that was never generated
            return f"[[{target}.missing-{r.randrange(1000)}]]"
        if roll < 0.18:
            slug = r.choice(HEADINGS).lower().replace(" ", "-")
            return f"[[{target}#{slug}]]"
        if roll < 0.32:
            return f"[[{title_of(target)}|{target}]]"
        return f"[[{target}]]"

    def mark(self, sentence: str, fence: str) -> str:
        """Wrap one inner word of the sentence in `fence` (** for bold, ` for code)."""
        words = sentence.split(" ")
        if len(words) < 4:
            return sentence
        i = self.rng.randrange(1, len(words) - 1)
        if not words[i].isalpha():
            return sentence
        words[i] = f"{fence}{words[i]}{fence}"
        return " ".join(words)

    def paragraph(self, sentences: int) -> str:
        r = self.rng
        out: list[str] = []
        for _ in range(sentences):
            s = self.sentence()
            roll = r.random()
            if roll < 0.22:
                s = f"{s[:-1]} (see {self.link()})."
            elif roll < 0.30:
                s = f"{s} #{r.choice(TAGS)}"
            elif roll < 0.34:
                s = self.mark(s, "**")
            elif roll < 0.36:
                s = f"{s} {r.choice(CJK_SENTENCES)}"
            elif roll < 0.40:
                s = self.mark(s, "`")
            out.append(s)
        return " ".join(out)

    def lead_paragraph(self, title: str) -> str:
        r = self.rng
        what = f"{r.choice(ADJECTIVES)} {r.choice(NOUNS)}"
        return f"**{title}** is a {what} technique. " + self.paragraph(r.randrange(1, 4))

    def glossary(self) -> str:
        r = self.rng
        lines = ["## Glossary", ""]
        for term in r.sample(NOUNS, r.randrange(3, 8)):
            definition = self.sentence()
            lines.append(f"- *{term}*: {definition[0].lower()}{definition[1:]}")
        return "\n".join(lines)

    def bullets(self) -> str:
        r = self.rng
        lines = []
        for _ in range(r.randrange(2, 6)):
            item = self.sentence()
            if r.random() < 0.3:
                item = f"**{r.choice(NOUNS)}** - {item}"
            if r.random() < 0.15:
                item += f" {self.link()}"
            lines.append(f"- {item}")
        return "\n".join(lines)

    def code(self) -> str:
        lang, body = self.rng.choice(CODE_SNIPPETS)
        return f"```{lang}\n{body}\n```"

    def table(self) -> str:
        r = self.rng
        header = "| Setting | Latency (ms) | Throughput (tok/s) | Notes |"
        rows = [header, "| --- | ---: | ---: | --- |"]
        for _ in range(r.randrange(2, 6)):
            rows.append(
                f"| {r.choice(TOPICS)} | {r.randrange(5, 900)} | {r.randrange(50, 20000)} "
                f"| {r.choice(ADJECTIVES)} {r.choice(NOUNS)} |"
            )
        return "\n".join(rows)

    def callout(self) -> str:
        r = self.rng
        kind = r.choice(CALLOUTS)
        lines = [f"> [!{kind}]", f"> {self.sentence()}"]
        if r.random() < 0.5:
            lines.append(f"> {self.sentence()} {self.link()}")
        return "\n".join(lines)

    def question_section(self) -> str:
        r = self.rng
        topic = r.choice(NOUNS)
        q = r.choice(
            (
                f"What is {topic}?",
                f"Why does {topic} matter?",
                f"How does {topic} affect latency?",
                f"When should I use {topic}?",
            )
        )
        return f"## {q}\n\n{self.paragraph(r.randrange(2, 5))}"

    def body(self, fname: str, title: str, target: int) -> str:
        r = self.rng
        blocks: list[str] = [f"# {title}", self.lead_paragraph(title)]
        size = sum(len(b) for b in blocks)
        headings = list(HEADINGS)
        r.shuffle(headings)
        h = 0
        while size < target:
            roll = r.random()
            if roll < 0.18:
                level = "##" if r.random() < 0.7 else "###"
                block = f"{level} {headings[h % len(headings)]}"
                h += 1
            elif roll < 0.52:
                block = self.paragraph(r.randrange(2, 6))
            elif roll < 0.62:
                block = self.bullets()
            elif roll < 0.68:
                block = self.question_section()
            elif roll < 0.74:
                block = self.code()
            elif roll < 0.79:
                block = self.table()
            elif roll < 0.85:
                block = self.callout()
            elif roll < 0.89:
                block = self.glossary()
            else:
                block = self.paragraph(r.randrange(1, 4))
            blocks.append(block)
            size += len(block) + 2
        if r.random() < 0.5:
            related = " ".join(f"- {self.link()}" for _ in range(r.randrange(1, 4)))
            blocks.append("## Related\n\n" + related.replace(" - ", "\n- "))
        return "\n\n".join(blocks) + "\n"

    def frontmatter(self, title: str) -> str:
        r = self.rng
        note_id = "".join(r.choices(ID_ALPHABET, k=23))
        created = EPOCH_MS_START + r.randrange(EPOCH_MS_SPAN)
        updated = created + r.randrange(200 * 24 * 3600 * 1000)
        desc = self.sentence().replace("'", "''")
        tags = r.sample(TAGS, r.randrange(0, 4))
        lines = ["---", f"id: {note_id}", f"title: {title}", f"desc: '{desc}'"]
        lines += [f"updated: {updated}", f"created: {created}"]
        if len(tags) == 1 or (tags and r.random() < 0.1):
            lines.append(f"tags: {tags[0]}")
        elif tags and r.random() < 0.5:
            lines.append(f"tags: [{', '.join(tags)}]")
        elif tags:
            lines.append("tags:")
            lines += [f"  - {t}" for t in tags]
        lines.append("---")
        return "\n".join(lines) + "\n\n"


def target_size(rng: random.Random) -> int:
    """Body size to aim for: log-normal, mean ~2 KB; with frontmatter and the last block's
    overshoot the files come out at ~2.5 KB on average, within 0.5-8 KB."""
    return int(min(6900, max(500, rng.lognormvariate(7.5, 0.5))))


def generate(out_dir: Path, notes: int = 10_000, seed: int = 1) -> tuple[int, int]:
    """Write the vault into out_dir; return (files written, total bytes)."""
    rng = random.Random(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    fnames = make_fnames(rng, notes)
    writer = Writer(rng, fnames)
    total = 0
    for fname in fnames:
        title = title_of(fname)
        head = writer.frontmatter(title) if rng.random() < 0.85 else ""
        text = head + writer.body(fname, title, target_size(rng))
        data = text.encode("utf-8")
        with open(out_dir / f"{fname}.md", "wb") as fh:
            fh.write(data)
        total += len(data)
    return len(fnames), total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the notes into")
    parser.add_argument("--notes", type=int, default=10_000, help="number of notes")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument(
        "--force", action="store_true", help="delete existing *.md in OUT_DIR first"
    )
    args = parser.parse_args(argv)
    if args.notes < 1:
        parser.error("--notes must be at least 1")
    existing = list(args.out_dir.glob("*.md")) if args.out_dir.is_dir() else []
    if existing:
        if not args.force:
            parser.error(f"{args.out_dir} already has {len(existing)} .md files; use --force")
        for path in existing:
            path.unlink()
    start = time.perf_counter()
    count, total = generate(args.out_dir, args.notes, args.seed)
    elapsed = time.perf_counter() - start
    print(
        f"wrote {count} notes, {total / 1e6:.1f} MB ({total / count / 1000:.2f} KB avg) "
        f"to {args.out_dir} in {elapsed:.2f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
