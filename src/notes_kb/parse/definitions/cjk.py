"""What Chinese text looks like to the extractor: where its sentences end, how many words a
text of Han characters holds, which Chinese phrases are labels, steps or clauses rather than
terms, and whether Chinese text under a heading explains it. Pure.

Every function here is asked only of text that holds a Han character (`has_cjk`, one
`str.isascii` call for English text), so notes without Chinese pay nothing for it. The
sentence forms that read Chinese definitions are in chinese.py.
"""

from __future__ import annotations

import re

from notes_kb.parse.han import HAN, has_han
from notes_kb.parse.patterns import compiled

_HAN_RUN = compiled(f"[{HAN}]+")
# a Chinese sentence ends at 。！？ (maybe doubled, maybe before a closing quote or bracket)
_CJK_STOP = compiled(rf"[。！？]+[”’」』）)]?|[.!?](?=\s+[{HAN}])")
# full-width marks the term rules read in their ASCII form
_FULL_WIDTH = str.maketrans(
    {"（": "(", "）": ")", "：": ":", "，": ",", "；": ";", "　": " ", "\u200b": "", "\ufeff": ""}
)
# characters that make a phrase a clause, never a name: a copula, an aspect or modal
# particle, a pronoun, an adverb of degree or time
_CLAUSE_CHARS = frozenset("是了吗呢吧啊么们这那就都把很也又仅才")
# function words that open a clause or an adverbial, never a name
_CLAUSE_FIRST = (
    "在于", "从", "将", "把", "被", "为了", "如果", "因为", "所以", "但", "而", "和", "与", "或",
    "及", "其", "该", "每", "一个", "一种", "一些", "然后", "首先", "其次", "最后", "另外",
    "此外", "同时", "因此", "总之", "例如", "比如", "其中", "通过", "使用", "利用", "根据",
    "需要", "可以", "能够", "对于", "关于", "由于", "虽然", "如果", "如何", "当", "若", "给",
    "让", "没", "我", "你", "他", "她", "它", "此", "某", "已", "则", "便", "所以", "所有",
)  # fmt: skip
# words that make a phrase a clause wherever they stand
_CLAUSE_WORDS = compiled("通过|可以|能够|需要|进行|使用|采用|利用|得到|实现了|如下|之后|之前")
# verbs that open an activity, not a name: "配置环境变量", "安装依赖" ("训练集" is a name)
_ACTIVITIES = (
    "配置", "安装", "使用", "设置", "部署", "运行", "启动", "创建", "编写", "下载", "加载",
    "保存", "构建", "搭建", "调用", "修改", "添加", "删除", "更新", "查看", "选择", "准备",
)  # fmt: skip
# a label or a section's name: it heads a field or a section, it names no concept
_LABELS = frozenset(
    "背景 问题 问题背景 总结 小结 优点 缺点 优缺点 优势 劣势 特点 特性 特征 性质 注意 注意事项 "
    "例子 示例 举例 样例 步骤 流程 过程 方法 方案 解决方案 原理 思想 思路 定义 概念 介绍 简介 "
    "目的 目标 作用 效果 结果 应用 应用场景 场景 参考 参考资料 参考文献 相关 链接 代码 代码实现 "
    "实现 伪代码 公式 推导 简单推导 证明 备注 说明 描述 动机 挑战 局限 局限性 缺陷 改进 变种 "
    "输入 输出 工作流程 图解 补充 补充材料 其他 目录 摘要 结论 讨论 实验 核心 假设 理论 区别 "
    "对比 比较 联系 功能 用途 用法 意义 含义 要点 重点 关键 本质 直觉 理解 前提 条件 算法 模型 "
    "训练 推理 数据 安装 配置 使用 用法示例 问题定义 扩展性 细节 笔记 疑问 思考 答案 解释 "
    "方法论 问答 标签 来源 资料 资源 更新 待办 其它 启发 洞见 收获 评价 限制 解决 解决办法 "
    "办法 计划 进展 今日 今天 明天 昨天 本周 下周 会议 结论 观点 心得 感想 体会 数据集 基座模型 "
    "评价指标 评估指标 指标 基线 硬件 超参数 超参 任务 作者 机构 论文 时间 年份 环境 版本 "
    "论文标题 标题 项目主页 主页 研究问题 默认值 代码仓库 仓库 发表 会议名称".split()
)
# words that make a label of a label word after them: "核心思想", "主要问题", "基本原理"
_LABEL_MODIFIERS = ("核心", "主要", "关键", "基本", "简单", "整体", "总体", "具体", "详细", "一般")
# words before a name that are not part of it: "传统池化层" is a pooling layer
# words that say how a thing is put, before a defining verb: "简单表示为：", "通常指"
_ADVERBS = frozenset(
    "简单 简单地 具体 具体地 具体来说 一般 一般地 一般来说 通常 直观 直观地 直观上 简而言之 "
    "总的来说 形式上 数学上 换句话说 也就是说 即 也 还 都".split()
)
_LOOSE = ("传统的", "传统", "标准的", "标准", "普通的", "普通", "经典的", "经典", "常见的", "常见")
# a time or a kind before an English name: "后来的 RoPE", "常用的 AdamW"
_MODIFIED_NAME = compiled(
    "^(?:后来|之后|现在|目前|最近|常用|常见|流行|经典|著名|新)的"
    r"\s*(?P<name>[A-Za-z][A-Za-z0-9_.+#-]*(?: [A-Za-z][A-Za-z0-9_.+#-]*){0,3})$"
)
# a head word after an English name that only says what kind of thing it is: "REINFORCE 算法"
_KIND_TAIL = compiled(
    r"^(?P<name>[A-Za-z][A-Za-z0-9_.+#-]*(?: [A-Za-z][A-Za-z0-9_.+#-]*){0,3}) ?(?:算法|方法)$"
)
# Chinese names of a list of steps, and of a list of properties (see leads.list_label)
_STEPS = compiled("步骤|流程|过程如下|做法|解决方案|实现方式|如何|怎么|怎样|用法|使用方法")
_PROPERTIES = compiled(
    "优点|缺点|优势|劣势|好处|坏处|特点|特性|挑战|问题|局限|不足|缺陷|注意事项|作用|效果|"
    "影响|原因|区别|思想|要点|贡献|改进|难点|意义|局限性|风险|包括|包含|例如|比如"
)
_METHOD = compiled("^(?:具体|实现|主要)?(?:方法|做法)$")
# what a Chinese text that describes one thing opens with: "一种...", "指...", "用于..."
_DESCRIBES = compiled("^(?:是|指|即|一种|一类|一个|一项|一套|一组|一系列|用于|用来|表示|代表)")
# a reference line: "<title> - <author>的文章 - 知乎"
_REFERENCE = compiled(r"的文章\s*[-–—]|[-–—]\s*(?:知乎|CSDN|博客园|简书|掘金)|知乎专栏")
_PERSONAL = compiled("^(?:好的|收到|嗯)|我(?!们)|谢谢|哈哈")
# openings of text that points elsewhere or lists, not explains: "如下", "参考 ...", "见 ..."
_POINTER = compiled(r"^(?:参考|参见|见|详见|如下|如图|下面|以下|代码|链接|来源|TODO|待补充|略)")
# a sentence under a heading that says what kind of thing the heading names: "这是一种 ...",
# "一种 ...", "...的方法。", "是实现数据降维的一种算法", "是分类算法的一种。", "用于 ..."
_KIND_SAID = compiled(
    "^(?:这|它|其|此)?(?:是|就是|指|即)?(?:一种|一类|一个|一项|一套)|^(?:用于|用来)|"
    "(?:的|之)(?:一种|一类|一个)?(?:方法|技术|算法|模型|函数|过程|框架|机制|指标|策略|网络|结构|"
    "操作|技巧|方式|概念|范式|度量|手段|工具|系统)[。.]?$|^是[^，,。；;]{1,24}?的一(?:种|类)[。.]?$"
)
_SPACE = compiled(r"\s+")
_ASKED = compiled(
    r"^(?:q[:：]\s*)?(?:(?:什么是|何为|何谓|如何理解)\s*(?P<a>[^？?，,]{1,30}?)|"
    r"(?P<b>[^？?，,]{1,30}?)\s*(?:是什么|是啥|指什么|是什么意思|的定义是什么))\s*[？?]*$",
    re.I,
)
_HAN_PREDICATE = compiled(rf" ?(?![的和与及或、是在中])[{HAN}]")
_NAME_SHAPE = compiled(r"^[A-Za-z][\w.+-]*[A-Z0-9-][\w.+-]*$|^[A-Z][\w-]+ [A-Za-z][\w -]+$")
# a heading of an English name and a Chinese one: "BPE 字节对编码", "REINFORCE 算法"
_NAME_THEN_HAN = compiled(
    rf"^(?P<name>[A-Za-z][A-Za-z0-9_.+#()-]*(?: [A-Za-z0-9][A-Za-z0-9_.+#()-]*){{0,3}})"
    rf" ?(?P<zh>[{HAN}][{HAN}A-Za-z0-9 -]{{0,15}})$"
)
# a kind or a part of a thing, not another name of it: "LoRA 模块" is LoRA's module
_KIND_ONLY = compiled(
    "^(?:算法|方法|模型|框架|架构|技术|机制|函数|损失|网络|层|模块|组件|部分|结构|实现|代码|配置|参数|接口|工具)"
)
_FORMULA_LEAD = compiled("^(?:记|设|令|定义)")
_FORMULA_TAIL = compiled("(?:的)?(?:计算|定义|公式|表示|形式)?如下$")
# a name does not end in a preposition or a copula: "新均值为", "等价于"
_NOT_A_NAME_END = ("为", "于", "是", "到", "有", "成", "式", "公式", "形式", "推导", "过程", "代码")
_ACRONYM_LAST = compiled(r"[\s_(]+[A-Z][A-Z0-9]+\)?$")
# a heading of two names of one thing: "蒙特卡洛 (MC)", "策略梯度: Policy Gradient"
_HEADING_GLOSS = compiled(
    r"^(?P<a>[^():]{1,40}?)\s*(?:\((?P<b>[^()]{1,50})\)|:\s*(?P<c>[^():]{1,50}))$"
)


has_cjk = has_han  # the text holds a Han character (English text: one `isascii` call)


def han_count(text: str) -> int:
    """How many Han characters the text holds."""
    return 0 if text.isascii() else sum(len(run) for run in _HAN_RUN.findall(text))


def word_count(text: str) -> int:
    """About how many words a text holds: its space-separated words, a run of Han
    characters counted at one word per two characters ("奖励归一化" is about two words)."""
    if text.isascii():
        return len(text.split())
    runs = _HAN_RUN.findall(text)
    rest = _HAN_RUN.sub(" ", text).split()
    return len(rest) + sum((len(run) + 1) // 2 for run in runs)


def split_cjk(text: str) -> list[str]:
    """The text cut after each Chinese full stop, question or exclamation mark."""
    pieces: list[str] = []
    start = 0
    for stop in _CJK_STOP.finditer(text):
        pieces.append(text[start : stop.end()])
        start = stop.end()
    pieces.append(text[start:])
    return [piece for piece in pieces if piece.strip()]


def is_cjk_label(term: str) -> bool:
    """A Chinese field or section label: "问题背景", "核心思想", "总结", "优点"."""
    text = _SPACE.sub("", term).strip(":：")
    if text in _LABELS:
        return True
    for modifier in _LABEL_MODIFIERS:
        if text.startswith(modifier) and text[len(modifier) :] in _LABELS:
            return True
    return False


def clean_cjk(term: str) -> str | None:
    """A term holding Chinese as a name, or None when it reads as a clause, a label or a
    phrase about something ("LoRA 的优点"). "核心假设 (Low-Rank Hypothesis)": a label over
    a name is the name; "传统池化层" a pooling layer; "REINFORCE 算法" REINFORCE."""
    term = _SPACE.sub(" ", term.translate(_FULL_WIDTH)).strip(" :,;")
    if not has_cjk(term):
        return term  # "GAE（Generalized Advantage Estimation）": the marks only
    if term.endswith(")") and "(" in term:
        head, _, aside = term[:-1].rpartition("(")
        if is_cjk_label(head) and not has_cjk(aside):
            term = aside.strip()  # "核心假设 (Low-Rank Hypothesis)"
            return term if len(term) >= 2 else None
    modified = _MODIFIED_NAME.match(term)
    if modified:
        term = modified.group("name")  # "后来的 RoPE": RoPE
    for loose in _LOOSE:
        if term.startswith(loose) and han_count(term) > len(loose) + 1:
            term = term[len(loose) :].strip()
            break
    kind = _KIND_TAIL.match(term)
    if kind:
        return kind.group("name")
    mixed = _NAME_THEN_HAN.match(term)
    if mixed and (han_count(mixed.group("zh")) > 6 or _KIND_ONLY.match(mixed.group("zh"))):
        return None  # "MC 方法计算策略梯度": a name and a clause about it
    bare = term.split("(")[0]
    if han_count(bare) > 12 or len(bare) > 40:
        return None  # a phrase this long is a clause
    if "的" in bare or "之" in bare or any(ch in _CLAUSE_CHARS for ch in bare):
        return None  # "LoRA 的优点", "训练成本高了": a clause or a phrase about a thing
    if bare.startswith(_CLAUSE_FIRST) or bare.endswith(("时", "后", "前", "中", "下", "上")):
        return None  # "在微调时", "通过 ...": an adverbial, not a name
    if bare in _ADVERBS or bare.endswith(("显示", "表明")):
        return None  # "简单表示为：...", "分析结果显示": how a thing is said, not a name
    if is_cjk_label(bare) or _REFERENCE.search(term) or _CLAUSE_WORDS.search(bare):
        return None  # "GAE 可通过反向递归计算": a clause
    if any(bare.startswith(v) and han_count(bare) > len(v) + 1 for v in _ACTIVITIES):
        return None  # "配置环境变量", "更新规则": an activity, a section of steps
    return term


def list_label(label: str) -> str:
    """What a Chinese label over a list says it holds: "steps" ("有以下操作流程",
    "LoRA 的解决方案"), "properties" ("总结 LoRA 的优点", "在 RLHF 的挑战") or ""."""
    label = label.translate(_FULL_WIDTH).strip()
    head, colon, _ = label.partition(":")
    if colon and (is_cjk_label(head) or list_label(head)):
        label = head  # "**问题背景**: ... 成本极高:" over its list: the label says it
    if _METHOD.match(label):
        return "steps"  # "方法:" over a list: how it is done
    last = [piece for piece in re.split("[，,。；;]", label) if piece.strip()]
    said = last[-1] if last else label
    if han_count(said) > 16:
        return ""  # a sentence leading in: its words say what it says, not what the list is
    if _STEPS.search(said):
        return "steps"
    return "properties" if _PROPERTIES.search(said) else ""


def explains(text: str, term: str, trusted: bool) -> bool:
    """Chinese text under a heading explains the heading's term: long enough, not a
    pointer, and it names the term in its first clause, says what kind of thing it is
    ("这是一种 ...", "处理...的方法。") or, under a name shaped like one, is any prose."""
    first = split_cjk(text)[0] if text else ""
    if word_count(first) < 4 or _POINTER.match(text.lstrip()) or _REFERENCE.search(text):
        return False
    if first.rstrip().endswith(("：", ":")):
        return False  # "更新规则如下：": a lead into a formula or a list
    clause = re.split("[，,；;]", first, maxsplit=1)[0]
    said = _key(clause)
    short = _ACRONYM_LAST.sub("", term)  # "Multi-head_Attention_Pooling_MAP" is named without MAP
    if any(name and name in said for name in (_key(term), _key(short))):
        return True
    if _KIND_SAID.search(first.strip()) or _KIND_SAID.search(clause.strip()):
        return True
    return trusted


def asked(question: str) -> str | None:
    """The term a Chinese question heading asks about: "什么是注意力机制？",
    "注意力机制是什么？", "Q: 何为 KV cache？"."""
    match = _ASKED.match(question.strip())
    if match is None:
        return None
    term = (match.group("a") or match.group("b") or "").strip()
    return term if term and clean_cjk(term) == term else None


def heading_name(name: str) -> tuple[str, str | None]:
    """The name a Chinese heading gives, and its other name: "蒙特卡洛 (MC)" and MC,
    "策略梯度：Policy Gradient" and Policy Gradient, "Baseline（基线函数）"."""
    flat = name.translate(_FULL_WIDTH).strip()
    glossed = _HEADING_GLOSS.match(flat)
    if glossed:
        first = glossed.group("a").strip()
        second = (glossed.group("b") or glossed.group("c")).strip()
        if has_cjk(first) != has_cjk(second) and not is_cjk_label(first):
            return first, second
    named = _NAME_THEN_HAN.match(flat)  # "BPE 字节对编码": the name, and its Chinese name
    zh = named.group("zh") if named else ""
    if named and _KIND_ONLY.fullmatch(zh):
        return named.group("name"), None  # "REINFORCE 算法"
    if named and han_count(zh) <= 6 and not _KIND_ONLY.match(zh) and clean_cjk(zh):
        return named.group("name"), zh
    return flat, None


def bold_does(after: str, term: str) -> bool:
    """ "**HybridFlow** 解耦控制流和计算流": an emphasised English name that opens a Chinese
    sentence, doing what the sentence says (not "**X** 的 ...", "**X** 和 ...")."""
    return (
        _HAN_PREDICATE.match(after) is not None
        and term.isascii()
        and _NAME_SHAPE.search(term) is not None
    )


def labelled_name(term: str) -> bool:
    """ "核心假设 (Low-Rank Hypothesis)": a label over the name the author gives in brackets."""
    flat = term.translate(_FULL_WIDTH).strip(" :")
    head, bracket, _ = flat.partition("(")
    return bool(bracket) and flat.endswith(")") and is_cjk_label(head.strip())


def formula_label(raw: str, line: int) -> tuple[str, int, bool] | None:
    """ "状态值函数：", "记高斯分布如下：": a paragraph that is only a Chinese name and a
    colon, over the formula that defines it; read as a heading (name, line, trusted)."""
    text = raw.strip()
    if not text.endswith(("：", ":")) or "\n" in text or not has_cjk(text) or len(text) > 24:
        return None
    said = text.rstrip("：:").strip()
    name = _FORMULA_TAIL.sub("", _FORMULA_LEAD.sub("", said)).strip()
    if said.endswith("如下") and not (_FORMULA_LEAD.match(said) or "定义如下" in said):
        return None  # "更新规则如下": what follows, not what it is
    if re.search("[，,。；;]", name) or name.endswith(_NOT_A_NAME_END) or not clean_cjk(name):
        return None
    return (name, line, True)


def label_line(text: str) -> bool:
    """A short Chinese line over a list, without a colon: "工作流程", "主要步骤"."""
    text = text.strip()
    if text.isascii():
        return False
    return 2 <= han_count(text) <= 10 and len(text) <= 16 and not re.search(r"[，,。.;；:：]", text)


def describes(text: str) -> bool:
    """A Chinese text that says what one thing is: "一种 ...", "指 ...", "用于 ..."."""
    return _DESCRIBES.match(text) is not None


def personal(text: str) -> bool:
    """The author or a colleague speaking: "这个 bug 是我昨天引入的", "好的，谢谢"."""
    return _PERSONAL.search(text) is not None


def reference(text: str) -> bool:
    """A line naming a post: "<title> - <author>的文章 - 知乎"."""
    return _REFERENCE.search(text) is not None


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]", "", text.casefold())
