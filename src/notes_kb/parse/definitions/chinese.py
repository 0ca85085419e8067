"""Definitions written in Chinese, or in Chinese around English names: one sentence at a
time (a sentence ends at 。！？, see split.py). Pure.

- "X 是一种 ...", "X（Y）是 ... 的方法", "X 是基础的策略梯度方法": what kind of thing X is;
- "X 指（的是）/ 是指 / 表示 / 代表 / 用于 / 旨在 / 定义为 ...": a defining verb;
- "所谓 X，就是 ...", "定义 X 为 ...", "将 X 定义为 ...";
- "... 称为 / 叫做 / 被称为 / 简称 / 就叫 X": the name last (the called form);
- "中文名（English name）": two names of one thing, an alias.

Each form proposes a candidate; the finder cleans its term (words.py, cjk.py) and scores
it (score.py), as it does the English forms.
"""

from __future__ import annotations

import re

from notes_kb.parse.definitions.cjk import han_count, has_cjk
from notes_kb.parse.definitions.proposal import Proposal
from notes_kb.parse.definitions.split import first_sentences, flatten
from notes_kb.parse.han import HAN
from notes_kb.parse.patterns import compiled

# what opens a sentence before its subject: a discourse word or an adverbial clause
# ("在 R1 中，", "对于 X，", "因此，")
_PREAMBLE = compiled(
    r"^(?:(?:注意|其中|因此|所以|于是|另外|此外|同时|总之|简单来说|简而言之|换句话说|也就是说|"
    r"通常|一般来说|一般|首先|其次|最后|然而|但是|而)[，,:：]\s*|"
    r"(?:在|对于|当)[^，,。]{1,24}?(?:中|里|时|下|上|内|后)?[，,]\s*|"
    r"[^，,。]{1,16}?(?:中|时|下)[，,]\s*)"
)
# a subject: an English name, a Chinese name, or both ("TD 误差", "LoRA 适配器")
# (words are parted by spaces alone, so a run of Han characters is read one way, not in
# every way it could be cut: that would take exponential time on a long one)
_WORD = r"[^\s，,。；;：:！？!?（）()“”\"「」『』$]+?"
_NAME = rf"(?P<term>(?!将|把|被|我们){_WORD}(?:[ \t]{_WORD}){{0,5}}?)"
# an aside after the subject: its other name in brackets, and inline math ("优势函数 $A$")
_AFTER_NAME = (
    r"\s*(?:[（(](?P<aside>[^()（）]{1,60})[）)])?\s*(?:\$[^$\n]{1,40}\$)?\s*"
    r"(?:也|就|即|其实|实际上|本质上|通常|一般|主要|往往|可以)?\s*"
)
_IS = compiled(_NAME + _AFTER_NAME + r"(?:就是|便是|是)\s*(?P<rest>.+)", re.S)
# "DPO 的核心思想是 ...", "X 的本质是 ...": what X comes down to
_ASPECT_IS = compiled(
    _NAME + r"\s*的(?:核心|基本|主要)?(?:思想|本质|原理|核心|想法|思路|定义|含义)(?:就|其实)?[是为]"
    r"\s*(?P<rest>.+)",
    re.S,
)
# what may follow "是" in a definition: what kind of thing, or a phrase ending in one
_KIND_FIRST = compiled(r"^(?:一种|一类|一个|一项|一套|一组|一款|一系列|一门|指|用于|用来)")
_KIND_LAST = compiled(
    "(?:方法|技术|算法|模型|函数|过程|框架|机制|指标|策略|网络|结构|操作|技巧|分布|任务|方式|"
    "概念|思想|范式|度量|方程|定理|矩阵|向量|变量|工具|系统|架构|模块|组件|概率|误差|系数|"
    "因子|损失|优化器|数据集|基准|协议|格式|结合体|变体|扩展|近似|期望|形式|手段|技巧|"
    "正则化|归一化|估计|抽象|模式|改进|改进版|变种|版本|推广|特例|层|库)$"
)
_VERDICT = compiled(r"\s*(?:很|非常|十分|特别|极其|相当|比较|更|最|重要|关键|常见|有效|好|不错)")
# "是" before a verdict or a reason, not a description: "X 是关键", "X 是因为 ..."
_NOT_KIND = compiled(
    "^(?:关键|核心|重点|难点|瓶颈|问题|原因|目的|目标|好处|优点|缺点|区别|不同|相同|一样|必要|"
    "必须|可以|可能|因为|为了|由于|否|不|没|怎么|如何|什么|多少|最|很|非常|"
    "十分|比较|相对|第)"
)
_VERB = compiled(
    _NAME
    + _AFTER_NAME
    + r"(?P<verb>指的是|是指|指(?![出定导标令向数南针])|表示|代表(?!性)|意味着|被定义为|定义为|"
    r"用于|用来|旨在|描述了?|衡量|度量|刻画|负责|即(?![使可便将刻时])|"
    r"可以(?:被)?(?:理解|看作|看成|视为)为?)\s*(?P<rest>.+)",
    re.S,
)
_SO_CALLED = compiled(
    r"^所谓(?:的)?\s*[“\"「『]?" + _NAME + r"[”\"」』]?" + _AFTER_NAME + r"[，,]?\s*"
    r"(?:就是|即是|是指|指的是|指|是|即)\s*(?P<rest>.+)",
    re.S,
)
_DEFINE = compiled(
    r"(?:^|[，,]\s*)(?:我们)?\s*(?:将|把)?\s*定义\s*" + _NAME + r"\s*为\s*(?P<rest>[^$].+)", re.S
)
_DEFINE_AS = compiled(
    r"(?:^|[，,]\s*)(?:我们)?\s*(?:将|把)\s*" + _NAME + r"\s*定义为\s*(?P<rest>[^$].+)", re.S
)
# "... 称为 X", "这被称为“X”", "就叫 X": the name at the end of the sentence or clause
_CALLED = compiled(
    r"(?P<before>.*?)(?P<verb>被称为|被称作|被叫做|称之为|称为|称作|叫做|叫作|就叫|又称为|又称|"
    r"也称为|也称|亦称|也叫|又叫|简称为|简称|即为)\s*[“\"「『]?"
    rf"(?P<term>[A-Za-z0-9{HAN}][^，,。；;：:！？!?“”\"「」『』（）()]{{0,40}}?)"
    r"[”\"」』]?\s*(?:[（(][^()（）]{1,40}[）)])?\s*(?:[，,。；;！!？?]\s*)?$",
    re.S,
)
# "提出了 LLM 的 RL 框架 veRL": a kind of thing, then the name it is given
_PROPOSED = compiled(
    r"(?:提出|发布|开源|推出|设计|实现)了?[^，,。]{0,30}?(?:框架|算法|模型|方法|架构|数据集|库|工具|"
    r"系统|协议)\s*(?P<term>[A-Za-z][A-Za-z0-9_.+#'’-]*(?: [A-Za-z0-9][A-Za-z0-9_.+#'’-]*){0,3})"
    r"\s*[。.]?$"
)
# an English name ending a clause, before a clause that says what it is
_NAME_LAST = compiled(
    r"(?:^|[\s" + HAN + r"])(?P<term>[A-Za-z][A-Za-z0-9_.+#'’-]*(?: [A-Za-z0-9][A-Za-z0-9_.+#'’-]*)"
    r"{0,3})$"
)
_OF_KIND = compiled(r"^[^，,]{2,24}的[^，,的]{0,6}" + _KIND_LAST.pattern)
# "LLM 是 Large Language Model 的缩写", "LLM 的全称是 Large Language Model"
_SPELLED = compiled(
    r"^(?P<short>[A-Z][A-Za-z0-9&-]*[A-Z0-9]s?)\s*(?:是|为|的全称是|的全称为|全称是|全称为|全称)\s*"
    r"(?P<long>[A-Za-z][A-Za-z -]{3,80}?)\s*(?:的缩写|的简称)?\s*[。.]?$"
)
# naming words that give a second name, not a definition: "梯度下降又称最速下降法"
_ALSO = frozenset(["又称", "又称为", "也称", "也称为", "亦称", "也叫", "又叫"])
_WHOLE_NAME = compiled(rf"[A-Za-z0-9{HAN}][A-Za-z0-9{HAN} .+#-]{{0,30}}")
# a pronoun opening: "这被称为 X" names what the sentence before said
_POINTS_BACK = compiled(r"^(?:这|此|该|它|这种|这个|这类|这一|上述|以上)")
# "全量微调（Full Fine-Tuning）", "折扣率 (discount rate)": a Chinese name and its English one
_GLOSS = compiled(
    rf"(?P<zh>[{HAN}]{{2,12}})\s*[（(]\s*(?P<en>[A-Za-z][A-Za-z0-9 .+'’-]{{1,50}}?)"
    r"(?:\s*[,，]\s*(?P<short>[A-Z][A-Za-z0-9-]{1,10}))?\s*[）)]"
)
# characters a name in a gloss does not hold: the gloss's name is the Han run after them
_NOT_IN_NAME = compiled(
    "[的是了在和与或及把被将对从为以这那个种些中上下即用到给于过让使而并也都就还由]"
)
_OR = compiled(r"\s*(?:或者|或|/)\s*")
_MATH = compiled(r"\$[^$\n]{1,200}\$")
_CLAUSE_END = compiled("[，,；;]")
_ENGLISH_NAME = compiled(
    r"\s*[A-Za-z][A-Za-z0-9_.+#'’-]*(?: [A-Za-z0-9][A-Za-z0-9_.+#'’-]*){0,4}\s*"
)
_IS_SUBJECT = compiled(r"\s*(?:是|指|表示).*$", re.S)
# "引入策略梯度定理 (The Policy Gradient Theorem)，...": a name introduced with its other name
_INTRODUCES = compiled(
    rf"引入了?(?:一个|一种)?\s*(?P<term>[{HAN}]{{2,12}})\s*[（(]\s*"
    r"(?P<aside>[A-Za-z][^()（）]{1,50}?)\s*[）)]"
)
# verbs before a name in a gloss: "用于估计优势函数（Advantage Function）" glosses 优势函数
_GLOSS_VERB = compiled(
    "进行|使用|采用|利用|引入|得到|实现|提出|通过|包括|包含|称为|叫做|作为|成为|基于|结合|需要|考虑"
)
_GLOSS_VERB_FIRST = compiled("^(?:估计|计算|训练|加载|更新|生成|处理|表示|定义|联合)+")


def cjk_proposals(
    sentence: str, previous: str, opening: bool, aliases: list[tuple[str, str]]
) -> list[Proposal]:
    """What one Chinese sentence may define; `previous` is the sentence before it (what
    "这被称为 X" names), `opening` whether it opens its paragraph. Other names said with
    the term ("LoRA (Low-Rank Adaptation) 是 ...") are added to `aliases`."""
    if not has_cjk(sentence):
        return []
    flat = flatten(sentence)
    said = first_sentences(flat, 1)
    so_called = _SO_CALLED.match(flat) if flat.startswith("所谓") else None
    if so_called:
        return [Proposal(_named(so_called, aliases), said, "sentence", 1.0)]
    masked = _MATH.sub("$x$", flat) if "$" in flat else flat  # no clause ends in a formula
    preamble = _PREAMBLE.match(masked)
    body = masked[preamble.end() :] if preamble else masked
    clauses = _CLAUSE_END.split(body, maxsplit=2)
    clause = clauses[0]
    if len(clauses) > 1 and _ENGLISH_NAME.fullmatch(clause) and has_cjk(clauses[1]):
        # "DataFlow，数据流是 ...": an English name, then its Chinese name as the subject
        aliases.append((clause.strip(), _IS_SUBJECT.sub("", clauses[1]).strip()))
        clause = clauses[1]
    evidence = 0.5 if opening and not preamble else 0.0
    spelled = _SPELLED.match(clause) if "缩写" in clause or "全称" in clause else None
    if spelled:  # "LLM 是 Large Language Model 的缩写", "LLM 的全称是 ..."
        aliases.append((spelled.group("short"), spelled.group("long").strip()))
        return [Proposal(spelled.group("short"), said, "acronym")]
    if "定义" in masked:
        defined = _DEFINE_AS.search(masked) or _DEFINE.search(masked)
        if defined and han_count(defined.group("rest")) >= 2:
            return [Proposal(_named(defined, aliases), said, "sentence", 0.3)]
    aspect = _ASPECT_IS.match(clause) if "的" in clause else None
    if aspect and han_count(aspect.group("rest")) >= 4:
        return [Proposal(_named(aspect, aliases), said, "sentence", evidence - 0.2)]
    is_a = _IS.match(clause) if "是" in clause else None
    if is_a and _describes(is_a.group("rest")):
        return [Proposal(_named(is_a, aliases), said, "sentence", evidence)]
    verb = _VERB.match(clause)
    if verb and han_count(verb.group("rest")) >= 4 and not _VERDICT.match(verb.group("rest")):
        weaker = -0.3 if verb.group("verb") in ("用于", "用来", "旨在", "负责") else 0.0
        return [Proposal(_named(verb, aliases), said, "sentence", evidence + weaker)]
    introduced = _INTRODUCES.search(masked) if "引入" in masked else None
    if introduced and han_count(masked[introduced.end() :]) >= 4:
        return [Proposal(_named(introduced, aliases), said, "sentence")]
    return _called(masked, previous, said, aliases) or _apposed(body, said)


def _apposed(body: str, said: str) -> list[Proposal]:
    """An English name, then what it is: "常用的是 cross-correlation，与卷积类似的操作",
    "团队提出了 RL 框架 veRL" (a kind of thing, then its name)."""
    clauses = [c.strip() for c in _CLAUSE_END.split(body)]
    for index, clause in enumerate(clauses):
        proposed = _PROPOSED.search(clause)
        if proposed:
            return [Proposal(proposed.group("term"), said, "appositive")]
        name = _NAME_LAST.search(clause)
        after = clauses[index + 1] if index + 1 < len(clauses) else ""
        if name and (_KIND_FIRST.match(after) or _OF_KIND.search(after)):
            return [Proposal(name.group("term"), said, "appositive")]
    return []


def _called(flat: str, previous: str, said: str, aliases: list[tuple[str, str]]) -> list[Proposal]:
    """ "... 称为 X", "这被称为“X”": the name at the end of a clause; what it names is the
    sentence, with the one before it when the sentence points back ("这", "此")."""
    offset = 0
    for piece in _CLAUSE_END.split(flat):
        offset = flat.find(piece, offset) + len(piece)
        called = _CALLED.match(piece.strip())
        if called is None or (called.group("verb") == "即为" and piece.strip()[-1:] not in "。."):
            continue
        before = flat[: offset - len(piece)] + called.group("before")
        if called.group("verb") in _ALSO and _WHOLE_NAME.fullmatch(before.strip()):
            aliases.append((called.group("term").strip(), before.strip()))  # "X 又称 Y"
            return []
        points_back = _POINTS_BACK.match(flat) and previous
        if not before.strip() and not points_back:
            continue  # "称为 X" with nothing said before it names nothing
        text = f"{previous.strip()} {said}" if points_back else said
        return [Proposal(called.group("term").strip(), first_sentences(text), "called")]
    return []


def cjk_aliases(text: str) -> list[tuple[str, str]] | None:
    """(English name, Chinese name) pairs written as "中文名（English name）"; None for a
    text without a Han character (the Chinese forms need not read it)."""
    if not has_cjk(text):
        return None
    pairs: list[tuple[str, str]] = []
    for match in _GLOSS.finditer(text) if "(" in text or "（" in text else ():
        run = match.group("zh")
        zh = _GLOSS_VERB.split(_NOT_IN_NAME.split(run)[-1])[-1]
        english = match.group("en").strip()
        if run.endswith("的" + zh) and (len(english.split()) > 2 or english.isupper()):
            continue  # "可验证奖励的强化学习 (Reinforcement Learning with Verifiable Rewards)",
            # "基于人类反馈的强化学习 (RLHF)": the name of the whole phrase, not of 强化学习
        zh = _GLOSS_VERB_FIRST.sub("", zh)
        if match.group("short"):  # "直接偏好优化（Direct Preference Optimization, DPO）"
            pairs.append((match.group("short"), english))
        if (
            english.casefold() != zh.casefold()
            and len(zh) >= 3
            and len(english) >= 2
            and not english.isdigit()
        ):
            pairs.append((english, zh))
    return pairs


def _describes(rest: str) -> bool:
    """What follows "是" says what kind of thing the subject is: "一种 ...", or a phrase
    ending in a kind of thing ("基础的策略梯度方法"), not a verdict or a reason."""
    rest = rest.strip()
    kind = _KIND_FIRST.match(rest)
    if kind and _VERDICT.match(rest, kind.end()):
        return False  # "X 是一个很重要的超参数": a verdict on a known thing
    if kind:
        return True
    if _NOT_KIND.match(rest) or han_count(rest) < 4:
        return False
    return _KIND_LAST.search(rest.rstrip("。.!！ ")) is not None


def _named(match: re.Match[str], aliases: list[tuple[str, str]]) -> str:
    """The term a form matched; its other name ("filter 或 kernel", "X（Y）") goes to
    `aliases` as (other name, term)."""
    term = match.group("term").strip()
    names = [n for n in _OR.split(term) if n]
    aside = match.groupdict().get("aside")
    if aside and han_count(aside) == 0 and 2 <= len(aside.strip()) <= 50 and len(names) == 1:
        names.append(aside.strip())
    if len(names) > 1 and names[0].casefold() != names[1].casefold():
        aliases.append((names[1], names[0]))
    return names[0] if names else term
