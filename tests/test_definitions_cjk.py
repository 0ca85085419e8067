"""Definitions written in Chinese, and Chinese around English names: every form on fixture
files of our own sentences, the look-alikes that are not definitions, and names as keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it.utils import read_fixture_file

from notes_kb.parse.definitions import clean_term, split_sentences
from notes_kb.parse.keys import concept_key
from tests.conftest import VaultFactory
from tests.test_cli import run
from tests.test_definitions import found

FIXTURES = Path(__file__).parent / "fixtures" / "definitions_cjk.md"


@pytest.mark.parametrize(
    ("line", "title", "source", "expected"),
    read_fixture_file(FIXTURES),
    ids=[case[1] for case in read_fixture_file(FIXTURES)],
)
def test_chinese_definition_fixture(line: int, title: str, source: str, expected: str) -> None:
    """Each fixture's Markdown yields exactly the listed definitions and aliases."""
    assert found(source) == expected


def test_chinese_sentences_end_at_full_width_stops() -> None:
    """。！？ end a sentence; an English sentence inside keeps its own rule."""
    text = "第一句话。第二句话！真的吗？Then English. 最后一句"
    assert split_sentences(text) == [
        "第一句话。",
        "第二句话！",
        "真的吗？",
        "Then English.",
        "最后一句",
    ]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("注意力机制", "注意力机制"),
        ("TD 误差", "TD 误差"),
        ("核心假设 (Low-Rank Hypothesis)", "Low-Rank Hypothesis"),
        ("REINFORCE 算法", "REINFORCE"),
        ("传统池化层", "池化层"),
        ("正则化", "正则化"),
        ("向量数据库", "向量数据库"),
        ("无监督学习", "无监督学习"),
        ("LoRA 的优点", None),
        ("问题背景", None),
        ("核心思想", None),
        ("在微调时", None),
        ("配置环境变量", None),
        ("所以旁路输出是", None),
        ("GAE 可通过反向递归计算", None),
    ],
)
def test_clean_term_reads_chinese_names(raw: str, expected: str | None) -> None:
    """A Chinese name is kept whole; a clause, a label or a phrase about a thing is not."""
    assert clean_term(raw) == expected


def test_concept_keys_of_chinese_names() -> None:
    """Chinese names are their own keys; spaces and full-width letters do not matter."""
    assert concept_key("注意力机制") == "注意力机制"
    assert concept_key("TD 误差") == concept_key("TD误差") == "td误差"
    assert concept_key("ＬｏＲＡ") == concept_key("LoRA")


def test_define_a_chinese_term(make_vault: VaultFactory) -> None:
    """`notes define 注意力机制` finds the definition, its English alias and the mentions."""
    vault = make_vault(
        {
            "attention.md": "注意力机制（Attention）是一种让模型关注输入中相关部分的方法。\n",
            "transformer.md": "Transformer 完全依赖注意力机制，不用循环结构。\n",
        }
    )
    code, out, err = run("define", "注意力机制", "--json", vault=vault)
    assert (code, err) == (0, "")
    entry = json.loads(out)
    assert entry["term"] == "注意力机制"
    assert entry["aliases"] == ["Attention"]
    assert entry["definition"] == "注意力机制（Attention）是一种让模型关注输入中相关部分的方法。"
    mentions = {m["path"]: m["mentions"] for m in entry["mentioned_in"]}
    assert mentions == {"attention.md": 1, "transformer.md": 1}  # no spaces around it there
    code, out, _ = run("define", "attention", "--json", vault=vault)
    assert (code, json.loads(out)["term"]) == (0, "注意力机制")


def test_a_gloss_of_a_modified_name_names_the_whole_phrase() -> None:
    """ "可验证奖励的强化学习 (Reinforcement Learning with Verifiable Rewards)" glosses the whole
    phrase (RL with verifiable rewards), not 强化学习 after its 的; nor does "(RLHF)" name
    强化学习. "强化学习 (RL)" still pairs them."""
    from notes_kb.parse.definitions.chinese import cjk_aliases

    verifiable = "可验证奖励的强化学习 (Reinforcement Learning with Verifiable Rewards)。"
    assert cjk_aliases(verifiable) == []
    assert cjk_aliases("基于人类反馈的强化学习 (RLHF) 是一种对齐方法。") == []
    assert cjk_aliases("强化学习 (RL) 是机器学习的一个分支。") == [("RL", "强化学习")]
