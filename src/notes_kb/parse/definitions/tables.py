"""Definitions in a table whose first column names terms and whose second explains them:
`| Term | Definition |`, or any table whose rows read as terms with prose beside them. Pure."""

from __future__ import annotations

from itertools import islice
from typing import TYPE_CHECKING

from notes_kb.parse.definitions.cjk import word_count
from notes_kb.parse.definitions.fields import DEFINING_LABELS
from notes_kb.parse.definitions.proposal import Proposal
from notes_kb.parse.definitions.split import first_sentences
from notes_kb.parse.inline import marked_plain
from notes_kb.parse.patterns import compiled

if TYPE_CHECKING:
    from markdown_it.token import Token

_EXPLAINING_HEADERS = (
    DEFINING_LABELS
    | {
        "meaning",
        "explanation",
        "definition",
        "what it means",
        "what it is",
        "what it does",
        "means",
        "description",
        "summary",
    }
    | {"定义", "含义", "解释", "说明", "描述", "意义", "是什么"}
)
# a second column that holds what goes wrong, what to do or how it scores
_NOT_EXPLAINING = compiled(
    r"\b(?:pitfalls?|issues?|problems?|risks?|symptoms?|causes?|impact|effects?|fix(?:es)?|"
    r"mitigations?|solutions?|examples?|tips?|results?|scores?|values?|defaults?|pros|cons|"
    r"status|happens|happening|limitations?|weakness(?:es)?|drawbacks?|disadvantages?|"
    r"defen[cs]es?|moves?|remed(?:y|ies)|workarounds?|actions?|topics?|resources?|links?|"
    r"readings?|details|directions?|recommendations?|suggestions?|advice)\b"
    r"|优点|缺点|问题|风险|原因|影响|效果|解决|示例|例子|结果|默认|状态"
)
# a first column of what is good or of a situation: "| ✅ Strengths | ❌ Limitations |", "| Need
# | Good Direction |": each row a claim or a case, not a term ("| Problem | Description |"
# names problems and says what each is: read)
_CLAIM_HEADERS = frozenset(
    "strength strengths advantage advantages benefit benefits pro pros need needs situation "
    "situations scenario scenarios if when".split()
)
# a first column of aspects, properties or criteria: what the table compares or lists about
# something else, not terms
_ASPECT_HEADERS = frozenset(
    "aspect aspects dimension dimensions feature features criterion criteria characteristic "
    "characteristics property properties attribute attributes factor factors relationship "
    "relationships relation relations "
    "维度 方面 特点 特征 属性 因素 对比项 改进项".split()
)
_TERM_HEADERS = frozenset(
    "term terms concept concepts name word acronym abbreviation keyword jargon symbol notation "
    "glossary 术语 名词 概念 名称 缩写 符号 关键词".split()
)


_MARKS_FIRST = compiled(r"^[\W_]+")  # "✅ Strengths", "**Problem**"
# a first cell that is code with a query's or a pattern's operators: an example, not a name
_SYNTAX_EXAMPLE = compiled(r"^`[^`]*[!^$*~|<>=][^`]*`$")


def table_proposals(tokens: list[Token], start: int, base: int) -> list[tuple[Proposal, int]]:
    """The rows of the table opened at `tokens[start]` that define a term, each with its
    file line (`base`: the line of the tokens' first)."""
    rows: list[tuple[int, list[str]]] = []
    row: list[str] = []
    row_line = 0
    examples: set[int] = set()  # rows whose first cell is an example of a syntax
    for token in islice(tokens, start + 1, None):
        if token.type == "table_close":
            break
        if token.type == "tr_open":
            row, row_line = [], base + (token.map or [0])[0]
        elif token.type == "inline":
            if not row and _SYNTAX_EXAMPLE.match(token.content.strip()):
                examples.add(row_line)  # "| `!^earlang` | inverse-prefix | Items that ... |"
            row.append(marked_plain(token.content)[0])
        elif token.type == "tr_close":
            rows.append((row_line, row))
    if len(rows) < 2 or len(rows[0][1]) < 2:
        return []
    header = [cell.strip().lower() for cell in rows[0][1]]
    if header[0] in _ASPECT_HEADERS:
        return []  # "| Dimension | LLMs | Agents |": each row an aspect the columns compare
    if _MARKS_FIRST.sub("", header[0]) in _CLAIM_HEADERS:
        return []
    # the column that explains: one headed like a definition, else the second
    said = next((i for i, h in enumerate(header[1:], 1) if h in _EXPLAINING_HEADERS), 1)
    named = header[0] in _TERM_HEADERS or header[said] in _EXPLAINING_HEADERS
    if not named and _NOT_EXPLAINING.search(header[said]):
        return []  # "| Area | Pitfall | Mitigation |": each row a problem, not a term
    body = [(line, cells) for line, cells in rows[1:] if len(cells) > said]
    prose = sum(word_count(cells[said]) >= 4 for _, cells in body)
    if not named and prose < max(2, len(body) * 0.7):
        return []  # a table of results or settings, not of terms
    return [
        (Proposal(cells[0], first_sentences(cells[said]), "table", 0.5 * named), line)
        for line, cells in body
        if cells[0].strip() and line not in examples
    ]
