"""Tell what kind of document a contract is (service contract, NDA, pledge) and, for a service
contract, which kind of outsourcing it is, saying so when the evidence is too weak or split."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import ahocorasick

from clause_library.models import DocumentKind, OutsourcingKind

from .classify import normalize
from .prefilter import fold, holds, required_literals

__all__ = ["KindReading", "count_matches", "detect_kind", "read_kind", "read_outsourcing"]


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(parts), re.IGNORECASE)


_PLEDGE = _rx(
    r"保密承诺书|保密承诺函|承诺人[：:（(]|本人承诺|本人(?:郑重)?(?:承诺|保证)|承诺人签[字名]",
    r"confidentiality (?:undertaking|pledge|declaration)|personal (?:undertaking|pledge)",
    r"\bI(?:,| the undersigned)[^.]{0,80}\b(?:undertake|pledge|hereby (?:agree|acknowledge))",
    r"\bI (?:hereby )?(?:undertake|pledge)\b",
)
# An NDA by its name: 保密协议, and the confidentiality agreements an employee signs with a
# non-compete or non-solicitation part (保密、竞业限制协议; 保密与不竞争协议; 竞业限制协议).
_NDA = _rx(
    r"保密协议|不披露协议|保密合同|商业秘密(?:保护)?(?:协议|合同)|保密[、及与和/／]{1,2}[^。\n]{0,10}(?:协议|合同)"
    r"|竞业(?:限制|禁止)(?:协议|合同)|保密(?:条款|事项)?(?:协议书|承诺协议)",
    r"non[- ]?disclosure agreement|confidentiality agreement|\bNDA\b|secrecy agreement"
    r"|mutual confidentiality|confidential disclosure agreement"
    r"|confidentiality(?:,| and) (?:non-?compet\w{0,8}|non-?solicit\w{0,8}|invention)[^.\n]{0,40}agreement"
    r"|proprietary information (?:and inventions? )?(?:assignment )?agreement",
)
# The documents of a contract's life besides the contract itself, by their titles (POLICY.md ch. 4, 7): each has a
# playbook of its own. Tried in this order, before an NDA: 信息安全保密协议 is a security agreement, a
# 保密协议之补充协议 a change to an NDA.
_FAMILY_TITLES: tuple[tuple[DocumentKind, re.Pattern[str]], ...] = (
    (DocumentKind.power_of_attorney, _rx(r"授权委托书|法定代表人授权书|授权书$",
                                         r"\bpower of attorney\b|\bletter of authori[sz]ation\b")),
    (DocumentKind.termination_agreement, _rx(
        r"(?:终止|解除)(?:合同|协议|合作)?(?:协议|协议书|确认书)|(?:合同|协议)(?:终止|解除)(?:协议|协议书|确认书)",
        r"\btermination (?:and (?:settlement|release) )?agreement\b|\bmutual termination\b"
        r"|\bagreement (?:to|of|for) terminat")),
    (DocumentKind.change_agreement, _rx(
        r"(?:变更|补充|修改|修订)(?:合同|协议)(?:书)?(?:[（(]?[一二三四五六七八九十\d]{1,4}[）)]?)?$|之(?:变更|补充|修改)协议",
        r"\b(?:amendment|change agreement|variation agreement|supplementary agreement)\b")),
    (DocumentKind.integrity_agreement, _rx(
        r"廉洁(?:从业|合作)?(?:协议|承诺书|承诺函|合同)|反(?:商业)?贿赂(?:协议|承诺)|阳光(?:合作)?协议",
        r"\b(?:integrity|anti-?bribery|anti-?corruption) (?:agreement|undertaking)")),
    (DocumentKind.security_agreement, _rx(r"(?:信息|网络|数据)安全(?:与|和|及)?(?:保密)?(?:协议|合同)",
                                          r"\b(?:information|data|cyber) security (?:and confidentiality )?agreement")),
)
# A title naming a one-sided promise (承诺书, 承诺函, undertaking): the signer promises, nobody is engaged to serve.
# A person's is a pledge; a company's (``_COMPANY_PROMISOR``) an NDA, as ``read_kind`` decides.
_UNDERTAKING = _rx(r"承诺书|承诺函|保证书", r"\bundertaking\b|\bpledge\b|\bdeclaration\b")
# In a title, confidentiality is the subject: "CONFIDENTIALITY, NON-DISCLOSURE & APPROPRIATE USE AGREEMENT".
_SECRECY = _rx(r"保密|竞业|confidential|non-?disclosure|secrecy|not to compete|non-?compet")
_SERVICE = _rx(
    r"服务合同|服务协议|外包(?:服务)?(?:合同|协议)|委托合同|技术服务|服务费|服务内容|服务范围",
    r"services? agreement|outsourcing agreement|statement of work|service levels?|"
    r"(?:the|such) services|service fees?|master services",
)
# A promise made by a company (我公司 / 本单位 … 统一社会信用代码), not by a person: an NDA, though called 承诺函.
_COMPANY_PROMISOR = _rx(r"(?:我|本)(?:公司|单位|司)|承诺(?:方|单位)\s?[:：]|统一社会信用代码",
                        r"\bwe,? the undersigned company\b|\bthe undersigned company\b"
                        # We, Tanjong Rhu Capital Pte. Ltd. (the "Bidder"), …: a company speaking for itself
                        r"|\bwe,? [A-Z][^,()]{1,60}?\b"
                        r"(?:ltd|limited|inc|llc|corp|corporation|gmbh|pte|plc|llp|ag|s\.a|b\.v)\b")
_PERSON = _rx(r"身份证|承诺人(?:姓名)?\s?[:：]|本人", r"\bI,? the undersigned\b|\bpassport\b|\bID (?:card|number)\b")
# A title: a short line near the top naming the document (…合同, …协议, …承诺书, … Agreement).
_TITLE = _rx(
    r"^[^：:。，,；;]{0,30}(?:合同|协议|协议书|承诺书|承诺函|保密函|合约|授权委托书|授权书)(?:书)?\s?(?:[（(][^）)]{0,20}[）)])?\s?$",
    r"^(?!this\b|the\b)[^:.;]{0,60}\b(?:agreement|contract|undertaking|pledge|declaration|covenant|power of attorney"
    r"|amendment|addendum)\b[^:.;]{0,60}$",
)
# A title that names no subject ("协议书", "AGREEMENT", "本合同"): not evidence of a kind.
_GENERIC = _rx(r"^\s?(?:本|the |this )?(?:合同|协议|合约|agreement|contract)(?:书)?\s?(?:[（(][^）)]{0,40}[）)])?\s?$")
_TITLE_LINES = 6  # non-empty lines at the top that may hold the title

# Cue words of each outsourcing kind, by what is outsourced (POLICY.md, scope): people (recruitment,
# training, payroll, social insurance and benefits, dispatched or contracted labour), a business
# process (customer service, call centre, data entry, finance processes, archives, collections,
# logistics and delivery), or IT (software, systems, networks, data processing).
_OUTSOURCING: tuple[tuple[OutsourcingKind, re.Pattern[str]], ...] = (
    (OutsourcingKind.hr, _rx(
        r"人力资源(?:外包|服务)|劳务派遣|派遣(?:员工|人员|单位)|被派遣|人事代理|社保代理|社会保险(?:代理|代缴|代办|经办)"
        r"|代缴社会保险|社保代缴|(?:薪酬|薪资|工资)(?:代发|发放|核算|计算|外包)|代发工资|工资条|招聘(?:服务|流程外包|外包)"
        r"|劳务(?:外包|服务|人员|用工)|灵活用工|用工单位|个人所得税(?:代扣|预扣)|薪税|员工培训|培训(?:服务|项目|课程|需求)"
        r"|福利(?:管理|发放)|(?:人员|技术人员|员工|工程师)外派|外派(?:人员|员工|工程师)",
        r"human resources? (?:outsourcing|services)|\bHR outsourcing|staffing services"
        r"|payroll (?:services|processing|administration|outsourcing)|"
        r"temporary (?:staff|workers)|labou?r (?:dispatch|hire)|recruitment (?:process outsourcing|services)"
        r"|seconded (?:staff|employees)|employer of record|benefits administration|training (?:services|programs?)",
    )),
    (OutsourcingKind.it, _rx(
        r"信息(?:技术|科技)外包|IT外包|软件(?:开发|测试|定制|实施)|系统(?:开发|运维|集成|运行维护)|运维服务|云服务|云计算"
        r"|数据中心|源代码|信息系统|技术支持服务|网络安全(?:运营|服务)|安全运营|网络管理|数据(?:处理|清洗|分析)服务"
        r"|(?:系统|软件|平台)[^，。；;]{0,12}(?:订阅|实施|部署|上线)|软件即服务|\bSaaS\b"
        r"|(?:网络|机房|外网|内网|专网|数据库)(?:的)?(?:运维|运行维护)"
        # the service named as processing data; entrusting personal information (PIPL art. 21) is in every kind
        r"|数据委托处理",
        r"information technology|\bIT (?:services|outsourcing)|software (?:development|testing)|source code|"
        r"hosting services?|data cent(?:er|re)|cloud services|application (?:development|maintenance)|"
        r"help ?desk|network (?:services|management)|data processing services",
    )),
    (OutsourcingKind.bpo, _rx(
        r"业务流程外包|呼叫中心|客户?服务(?:外包|中心)|客服(?:外包|中心|坐席|热线|人员)|坐席|催收|数据(?:录入|标注)"
        r"|单证处理|票据处理|后台(?:业务|运营)|财务共享|代理记账|记账服务|档案(?:数字化|整理|管理|外包|扫描|寄存|保管|存储)"
        r"|应付账款|费用报销(?:审核|处理)|(?:账款|报销|财务|核算|单据)流程外包|(?:物流|仓储|配送)(?:外包|服务)|配送至"
        # the client's logistics run by the vendor: picking and packing in its warehouse, delivery to its stores
        r"|拣货|分拣作业|仓库(?:作业|运营)|仓储(?:作业|运营)|门店配送|配送车辆|订单履约"
        # the client's tax filings done by an agent: a finance process
        r"|涉税(?:事务|服务|代理)|税务代理|(?:纳税|税务)申报(?:代理|服务)|代理(?:申报|报税)",
        r"business process outsourcing|\bBPO\b|call cent(?:er|re)|back[- ]office|claims processing|"
        r"data entry|customer (?:care|support) services|collections? services|transaction processing"
        r"|bookkeeping|finance and accounting outsourcing|records (?:management|storage)|document processing"
        r"|customer support|contact cent(?:er|re)s?|accounts payable|(?:logistics|warehousing) services"
        r"|fulfil?ment services",
    )),
)
# An outsourcing kind this well attested (a title cue, or five in the text) with no other kind above
# ``_AHEAD`` of its score, or attested twice with no other kind at all, is the kind; else uncertain.
# A contract for advice (技术咨询合同, consulting agreement): no kind of outsourcing, unless its title says so.
_ADVICE = _rx(r"咨询|顾问", r"\bconsult(?:ing|ancy)\b|\badvisory\b")
_OUTSOURCED = _rx(r"外包", r"outsourc")
_SURE = 5
_AHEAD = 0.4
_CANDIDATE = 0.3  # an uncertain kind's candidates score at least this share of the best


@dataclass(frozen=True)
class KindReading:
    """What a document is: ``kind``; for a service contract, ``outsourcing``.

    ``outsourcing`` ``None`` with no ``candidates``: no outsourcing kind is named at all (a general
    service contract). With ``candidates`` (one or more, in the enum's order): the evidence is weak or
    split between them, so the kind is uncertain and the review applies all of their playbooks.
    ``scores``: the evidence for each outsourcing kind (cues in the title and preamble count five times).
    """

    kind: DocumentKind
    outsourcing: OutsourcingKind | None = None
    candidates: tuple[OutsourcingKind, ...] = ()
    scores: tuple[tuple[OutsourcingKind, int], ...] = ()

    @property
    def uncertain(self) -> bool:
        return bool(self.candidates)

    @property
    def evidence(self) -> str:
        """The cue counts the outsourcing kind was read from, e.g. "cue words: hr 3, it 2, bpo 0"."""
        if not self.scores:
            return ""
        counts = ", ".join(f"{k.value} {n}" for k, n in self.scores)
        return f"cue words (those in the title and preamble count five times): {counts}"


@functools.cache
def _needs(source: str) -> tuple[frozenset[str], ...]:
    return required_literals(source, most=8)


def _max_width(rx: re.Pattern[str]) -> int | None:
    """The longest match ``rx`` can make, when bounded and ``rx`` looks at no neighbour but through
    ``\\b`` / ``^`` / ``$`` (no lookaround); else ``None``."""
    from re import _constants as sre  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]

    tree = sre_parse.parse(rx.pattern, rx.flags)
    stack = [tree]
    while stack:
        node = stack.pop()
        for op, av in node:
            if op in (sre.ASSERT, sre.ASSERT_NOT, sre.GROUPREF, sre.GROUPREF_EXISTS):
                return None
            for item in av if isinstance(av, (list, tuple)) else (av,):
                if isinstance(item, sre_parse.SubPattern):
                    stack.append(item)
                elif isinstance(item, list) and op is sre.BRANCH:
                    stack.extend(item)
    high = tree.getwidth()[1]
    return high if high < 1 << 16 else None


_WIDTHS: dict[str, int | None] = {}


def count_matches(rx: re.Pattern[str], text: str, folded: str,
                  found: Mapping[str, list[int]] | None = None) -> int:
    """``len(rx.findall(text))``, looking only near the strings every match holds.

    ``folded`` is ``fold(text)``. A match holds one of the strings ``required_literals`` gives
    and is at most ``W`` characters long, so it lies within ``W`` characters of one of them: the
    count is the sum over those stretches of text (merged where they meet), and zero without any.
    ``found``: where each of those strings occurs in ``folded``, when already known (see
    ``_cue_positions``); else they are looked for here.
    """
    needs = _needs(rx.pattern) if rx.flags & re.IGNORECASE else ()
    if rx.pattern not in _WIDTHS:
        _WIDTHS[rx.pattern] = _max_width(rx)
    width = _WIDTHS[rx.pattern]
    if not needs or width is None or len(folded) != len(text):
        return len(rx.findall(text))
    if not holds(folded, needs[1:]):
        return 0
    spans: list[tuple[int, int]] = []
    for s in needs[0]:
        if found is not None:
            spans.extend((max(0, pos - width - 1), pos + len(s) + width + 1) for pos in found.get(s, ()))
            continue
        pos = folded.find(s)
        while pos >= 0:
            spans.append((max(0, pos - width - 1), pos + len(s) + width + 1))
            pos = folded.find(s, pos + 1)
    if not spans:
        return 0
    spans.sort()
    n = 0
    start, end = spans[0]
    for a, b in spans[1:]:
        if a <= end + 1:
            end = max(end, b)
            continue
        n += len(rx.findall(text, start, end))
        start, end = a, b
    return n + len(rx.findall(text, start, end))


@functools.cache
def _cue_finder() -> Any:
    """An Aho-Corasick automaton over the strings the outsourcing cue patterns require."""
    finder = ahocorasick.Automaton()
    for _, rx in _OUTSOURCING:
        needs = _needs(rx.pattern)
        for s in needs[0] if needs else ():
            finder.add_word(s, s)
    finder.make_automaton()
    return finder


def _cue_positions(folded: str) -> dict[str, list[int]]:
    """Where each string the outsourcing cue patterns require (``_needs(...)[0]``) occurs in
    ``folded``, every occurrence, overlapping ones too: one pass for all three patterns."""
    finder = _cue_finder()
    out: dict[str, list[int]] = {}
    if len(finder) == 0:
        return out
    for end, s in finder.iter(folded):
        out.setdefault(s, []).append(end - len(s) + 1)
    return out


_HEAD = 400  # the title and preamble: the kind's cues weigh most there
_OPENING = 4000  # the opening pages
_PREFIX = 2 * _OPENING  # raw characters normalised when only the opening is looked at


def _finds(rx: re.Pattern[str], text: str, folded: str) -> bool:
    """Whether ``rx`` (case-insensitive) matches ``text``; not run when ``folded`` (``fold(text)``)
    lacks a string every match holds."""
    if not holds(folded, _needs(rx.pattern)):
        return False
    return rx.search(text) is not None


def _opening(text: str) -> str:
    """``normalize(text)[:_OPENING]``, normalising only the start of a long text when that is enough.

    ``normalize`` works locally (a whitespace run, a gap between Chinese characters, a broken
    word), so normalising a prefix gives the same text except at most its last two characters.
    """
    if len(text) > _PREFIX:
        head = normalize(text[:_PREFIX])
        if len(head) >= _OPENING + 2:
            return head[:_OPENING]
    return normalize(text)[:_OPENING]


def _title(text: str) -> str:
    """The document's title: the first of its top lines shaped like one (see ``_TITLE``), or ""."""
    seen = 0
    for raw in text[:2000].splitlines():
        line = normalize(raw)
        if not line:
            continue
        if _TITLE.search(line):
            return line
        seen += 1
        if seen >= _TITLE_LINES:
            break
    return ""


def _kind_by_title(title: str) -> DocumentKind | None:
    """The kind a title names: a pledge, an NDA (whatever it is about: 外包服务保密协议 is an NDA),
    or a contract (a service contract); ``None`` when there is no title."""
    if not title:
        return None
    if _PLEDGE.search(title):
        return DocumentKind.pledge
    for kind, rx in _FAMILY_TITLES:
        if rx.search(title):
            return kind
    if _NDA.search(title) or _SECRECY.search(title):
        return DocumentKind.nda
    if _UNDERTAKING.search(title):
        return DocumentKind.pledge
    if _GENERIC.match(title):
        return None  # "协议", "AGREEMENT": the text must tell
    return DocumentKind.service_contract


def _kind_by_text(opening: str) -> DocumentKind:
    """The kind the opening's cue words point to (no title to go by)."""
    folded = fold(opening)

    def finds(rx: re.Pattern[str], end: int) -> bool:
        return _finds(rx, opening[:end], folded[:end])

    if finds(_PLEDGE, _HEAD):
        return DocumentKind.pledge
    if finds(_NDA, _HEAD) and not finds(_SERVICE, _HEAD):
        return DocumentKind.nda
    if not finds(_SERVICE, _OPENING) and finds(_NDA, _OPENING):
        return DocumentKind.nda
    if finds(_PLEDGE, 2000) and not finds(_SERVICE, 2000):
        return DocumentKind.pledge
    return DocumentKind.service_contract


# What is outsourced is the work handed over, not what the contract talks about:
# - a function the client says it keeps (来电接听…均由甲方自有坐席人员完成; 甲方人力资源部继续自行负责
#   招聘…; 乙方不代甲方办理任何人事事务) is not handed over, so the sentence saying so is no cue;
# - a process named as what a system serves (坐席系统, 人事管理系统, 薪酬模块) is a system's subject:
#   supplying or running the system is IT, so those words, and a system's list of modules (订阅模块：组织人事、
#   薪酬计算), are no hr or bpo cue.
_CLIENT = r"(?:甲方|委托方|委托人|发包方|采购方|需方|买方|客户|用工单位|本行|本公司)"
_KEPT = re.compile(
    rf"(?:均由|仍由|继续由|仍然由|由){_CLIENT}[^。；;]{{0,12}}(?:自有|自行|自己|内部)"
    rf"|{_CLIENT}[^。；;]{{0,20}}(?:继续|仍然?|仍旧)?自行(?:负责|办理|完成|承担|开展|处理)"
    r"|(?:乙方|受托方|受托人|承包方|供应商|供方|服务方|服务商)(?:均|亦|并|也)?不(?:代|负责|承担|接听|参与|从事|提供)"
)
_SYSTEM_OF = re.compile(r"[\u4e00-\u9fff]{1,8}(?:管理)?(系统|平台|软件|模块|SaaS)"
                        r"(?:(?<=模块)(?:包括|为|[:：])[^。；;]{0,60})?"
                        r"|(模块|功能)(?:包括|为|[:：])[^。；;]{0,60}")
_SYSTEM_WORDS = ("系统", "平台", "软件", "模块", "功能", "SaaS")  # one is in every match of _SYSTEM_OF
_SENTENCE_ENDS = "。；;"
_KEPT_REACH = 80  # a normalised text has no line breaks: a title and preamble run into the first sentence


def _system_only(m: re.Match[str]) -> str:
    """A system with what it serves (坐席系统) or its list of modules, as the system alone."""
    noun = m[1] or m[2]
    return " " * (len(m[0]) - len(noun)) + noun


def _handed_over(whole: str) -> str:
    """``whole`` without the sentences in which the client keeps a function (``_KEPT``), up to
    ``_KEPT_REACH`` characters either side, blanked (not removed) so that the head (``_HEAD``) stays
    where it was."""
    parts: list[str] = []
    last = 0  # the text up to here is in parts
    for m in _KEPT.finditer(whole):
        lo, hi = max(last, m.start() - _KEPT_REACH), min(len(whole), m.end() + _KEPT_REACH)
        start = max([lo] + [whole.rfind(c, lo, m.start()) + 1 for c in _SENTENCE_ENDS])
        end = min([hi] + [e for e in (whole.find(c, m.end(), hi) for c in _SENTENCE_ENDS) if e >= 0])
        parts += [whole[last:start], " " * (end - start)]
        last = end
    return "".join(parts) + whole[last:] if parts else whole


def _outsourcing(whole: str) -> KindReading:
    """The outsourcing kind of a service contract whose normalised text is ``whole``."""
    folded = fold(whole)
    looked = {whole: (folded, _cue_positions(folded))}  # a text's fold and where its cue strings are, once
    processes = whole
    if any(not cue.isascii() for cue in looked[whole][1]):  # Chinese cues: read what is handed over
        whole = _handed_over(whole)
        processes = _SYSTEM_OF.sub(_system_only, whole) if any(w in whole for w in _SYSTEM_WORDS) else whole

    def score(kind: OutsourcingKind, rx: re.Pattern[str]) -> int:
        text = whole if kind is OutsourcingKind.it else processes
        if text not in looked:
            folded = fold(text)
            looked[text] = (folded, _cue_positions(folded))
        folded, found = looked[text]
        return len(rx.findall(text[:_HEAD])) * 5 + count_matches(rx, text, folded, found)

    scores = tuple((kind, score(kind, rx)) for kind, rx in _OUTSOURCING)
    best = max(n for _, n in scores)
    if best == 0:
        return KindReading(DocumentKind.service_contract, None, (), scores)
    leader = next(k for k, n in scores if n == best)
    others = [n for k, n in scores if k is not leader]
    if (best >= _SURE and max(others) <= best * _AHEAD) or (best >= 2 and max(others) == 0):
        return KindReading(DocumentKind.service_contract, leader, (), scores)
    candidates = tuple(k for k, n in scores if n > 0 and n >= best * _CANDIDATE)
    return KindReading(DocumentKind.service_contract, None, candidates, scores)


def read_kind(text: str, *, outsourcing: bool = True) -> KindReading:
    """Whether ``text`` is an NDA, a personal confidentiality pledge or a service contract.

    The title decides when there is one; else the cue words of the first few hundred characters,
    then of the opening pages. For a service contract, also which kind of outsourcing the cue words
    of the whole text point to (see ``KindReading``); not looked for when ``outsourcing`` is False
    (the caller knows it: the whole text need not be read).
    """
    whole = normalize(text) if outsourcing else None  # normalised once, when the whole text is read anyway
    opening = whole[:_OPENING] if whole is not None else _opening(text)
    title = _title(text)
    kind = _kind_by_title(title)
    if kind is None:
        kind = _kind_by_text(opening)
    if kind is DocumentKind.pledge:
        head = opening[:_HEAD]
        if _COMPANY_PROMISOR.search(head) and not _PERSON.search(head):
            kind = DocumentKind.nda
    if kind is not DocumentKind.service_contract or whole is None:
        return KindReading(kind)
    if _ADVICE.search(title) and not _OUTSOURCED.search(title):
        return KindReading(kind)  # advice bought is none of the policy's three kinds, whatever it is about
    return _outsourcing(whole)


def detect_kind(text: str, *, outsourcing: bool = True) -> tuple[DocumentKind, OutsourcingKind | None]:
    """``read_kind``'s kind and outsourcing kind: ``None`` also when the outsourcing kind is uncertain."""
    got = read_kind(text, outsourcing=outsourcing)
    return got.kind, got.outsourcing


def read_outsourcing(text: str) -> KindReading:
    """The outsourcing kind of ``text`` read as a service contract, whatever it reads as."""
    return _outsourcing(normalize(text))
