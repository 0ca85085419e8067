"""What trying notes on other people's real vaults showed: each test is a few lines of
Markdown in the shape they were found in."""

from __future__ import annotations

from pathlib import Path

from notes_kb.kb import open_vault


def _definition(vault: Path, term: str) -> str:
    report = open_vault(vault).define(term)
    assert report.entry is not None
    return report.entry.definitions[0].text


def test_math_keeps_its_underscores_and_stars(tmp_path: Path) -> None:
    """`$\\pi_\\theta(a|s)$` is math, not emphasis: the `_` stays (it became `\\pi\\theta`)."""
    (tmp_path / "rl.md").write_text(
        "### Actor-Critic Methods\n\n"
        "- **Actor**: The policy $\\pi_\\theta(a|s)$ that selects actions\n"
        "- **Critic**: A value function $V_\\phi(s)$ or $Q_\\phi(s,a)$ that evaluates *how good*"
        " actions are at $x^*$\n"
    )
    assert _definition(tmp_path, "actor") == "The policy $\\pi_\\theta(a|s)$ that selects actions"
    assert _definition(tmp_path, "critic") == (
        "A value function $V_\\phi(s)$ or $Q_\\phi(s,a)$ that evaluates how good actions are"
        " at $x^*$"
    )


def test_an_obsidian_alias_is_the_text_shown_when_both_sides_are_words(tmp_path: Path) -> None:
    """`[[Algorithms|algorithm]]` shows "algorithm" in Obsidian: the side naming a note is
    the target ("the simplest sorting Algorithms that works" read wrong)."""
    (tmp_path / "Algorithms.md").write_text("Algorithms are step-by-step procedures.\n")
    (tmp_path / "Bubble sort.md").write_text(
        "**Bubble Sort** is the simplest sorting [[Algorithms|algorithm]] that works by"
        " repeatedly swapping adjacent elements.\n"
    )
    assert _definition(tmp_path, "bubble sort") == (
        "Bubble Sort is the simplest sorting algorithm that works by repeatedly swapping"
        " adjacent elements."
    )


def test_a_display_equation_line_names_no_term(tmp_path: Path) -> None:
    """`$$\\ell(\\theta) = \\sum ...$$` is an equation, not `Term = definition` ('ell' and
    'log P' were glossary terms)."""
    (tmp_path / "loss.md").write_text(
        "The log-likelihood is\n"
        "$$\\ell(\\theta) = \\sum_{i=1}^{m} y^{(i)}\\log h_\\theta(x^{(i)})$$\n\n"
        "$$\\log P(\\tau \\mid \\theta) = \\log p(s_0)"
        " + \\sum_{t=0}^{T-1} \\log \\pi_\\theta(a_t \\mid s_t)"
        " + \\sum_{t=0}^{T-1} \\log T(s_{t+1} \\mid s_t, a_t)$$\n"
    )
    assert [e.term for e in open_vault(tmp_path).glossary()] == []


def test_a_name_holding_math_with_an_underscore_is_still_read(tmp_path: Path) -> None:
    """`**L-Infinity Norm ($L_\\infty$)**: ...` names L-Infinity Norm; the `_` kept in math
    must not stop the name being read."""
    (tmp_path / "drift.md").write_text(
        "- **L-Infinity Norm ($L_\\infty$)**: The maximum difference in probability for any"
        " single category.\n"
    )
    assert _definition(tmp_path, "L-Infinity Norm") == (
        "The maximum difference in probability for any single category."
    )


def test_a_date_or_a_hex_code_is_no_term(tmp_path: Path) -> None:
    """A table of error codes and a diary's dated lines gave '0503 0000h', '0x0080' and
    '2025年4月1日' as glossary terms."""
    (tmp_path / "can.md").write_text(
        "| 代码 | 含义 |\n| --- | --- |\n"
        "| 0503 0000h | 切换位补偿 |\n| 0504 0000h | SDO 协议超时 |\n\n"
        "- 0x0000: NMT设备控制报文 只有主站能发\n"
        "- 0x0080: SYNC同步报文\n\n"
        "- 2025年4月1日\uff1a稻草人谬误\uff1a扭曲、夸张对方观点到极端的情况。\n"
        "- **SDO**: 服务数据对象\uff0c用于读写对象字典。\n"
    )
    assert [e.term for e in open_vault(tmp_path).glossary()] == ["SDO"]


def test_a_callout_title_shows_no_markup(tmp_path: Path) -> None:
    """`> [!TIP] **Intuition**` is titled "TIP Intuition" on screen, not "TIP **Intuition**"."""
    from tests.test_cli import run

    (tmp_path / "ab.md").write_text(
        "# A/B Testing\n\nWe test a null hypothesis.\n\n"
        "> [!TIP] **Intuition** about [[p-value|P-values]]\n> - Low P-Value: unlikely by chance.\n"
    )
    code, out, _ = run("show", "ab", vault=tmp_path, tty=True)
    assert code == 0
    assert "TIP Intuition about P-values" in out
    assert "**" not in out


def test_a_name_and_its_kind_in_chinese_are_not_two_names_of_one_thing(tmp_path: Path) -> None:
    """'## LoRA 模块' (LoRA's module) and '#### Fusion 模块' made 模块 an alias of both, and
    so Fusion an alias of LoRA."""
    (tmp_path / "openpi.md").write_text(
        "# openpi\n\n## LoRA 模块\n\n参考 models/lora.py 部分。 LoRA 嵌入了大部分网络层。\n"
    )
    (tmp_path / "dexvla.md").write_text(
        "# DexVLA\n\n#### Fusion 模块\n\nFusion 融合视觉与语言的特征, 输出到动作头。\n"
    )
    (tmp_path / "lora.md").write_text(
        "# LoRA\n\nLoRA (Low-Rank Adaptation) 是一种高效的微调技术。\n"
    )
    entry = open_vault(tmp_path).define("LoRA").entry
    assert entry is not None
    assert "Fusion" not in entry.aliases and "模块" not in entry.aliases


def test_a_quoted_search_with_no_hit_says_it_was_a_phrase(tmp_path: Path) -> None:
    """`notes search "chunk overlap size"` is one shell word: a phrase. It printed
    'No notes match ""chunk overlap size"".' with its quotes doubled."""
    from tests.test_cli import run

    (tmp_path / "rag.md").write_text("# RAG\n\nA typical overlap is 10-20% of the chunk size.\n")
    code, out, _ = run("search", "chunk overlap size", vault=tmp_path, tty=True)
    assert code == 1
    assert 'the phrase "chunk overlap size"' in " ".join(out.split())
    assert '""' not in out
    code, out, _ = run("search", "chunk", "overlap", "size", vault=tmp_path)
    assert (code, out.split("\t")[0]) == (0, "rag.md")
