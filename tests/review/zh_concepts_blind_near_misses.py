"""The near misses of test_zh_concepts_blind.py: clauses borrowing a concept's words for another matter."""

from __future__ import annotations

import pytest

# Chinese clauses written blind to the patterns: each legal concept found when a clause states it in
# words of its own trade, and silent on the near miss that borrows its vocabulary for another matter.
ABSENT = [
    # service_scope
    pytest.param(
        "第四条 甲方自行办理的事项",
        "员工入职审批、薪酬标准的制定及绩效考核结果的确认由甲方自行办理，甲方应于每月20日前将结果告知乙方。",
        "service_scope",
        id="scope-client-retained-tasks",
    ),
    pytest.param(
        "第八条 乙方资质",
        "乙方声明，其营业执照核准的经营范围包括保安服务，并已取得公安机关颁发的《保安服务许可证》。",
        "service_scope",
        id="scope-vendor-licence",
    ),
    # service_term
    pytest.param(
        "",
        "本协议项下的保密义务在双方合作结束后三年内持续有效。",
        "service_term",
        id="term-confidentiality-period",
    ),
    pytest.param(
        "",
        "甲方应在收到乙方开具的合法发票后30日内支付当月服务费。",
        "service_term",
        id="term-payment-deadline",
    ),
    pytest.param(
        "",
        "乙方交付的系统自验收合格之日起提供十二个月免费质保，质保期内出现的缺陷由乙方免费修复。",
        "service_term",
        id="term-warranty-period",
    ),
    # confidentiality
    pytest.param(
        "",
        "甲方有权将其内部管理制度、安全操作规程告知乙方，乙方应遵照执行。",
        "confidentiality",
        id="conf-client-tells-rules",
    ),
    pytest.param(
        "",
        "乙方人员在值勤中发现火情、盗窃等突发事件，应立即通知甲方并协助处理。",
        "confidentiality",
        id="conf-vendor-reports-incident",
    ),
    # confidential_info_definition
    pytest.param(
        "",
        "乙方对在合作中知悉的甲方情况应当保守秘密，不得泄露。",
        "confidential_info_definition",
        id="def-keep-secret-no-list",
    ),
    pytest.param(
        "",
        "员工应当保守在工作中了解到的公司秘密，不得向他人透露。",
        "confidential_info_definition",
        id="def-employee-keep-secret-no-list",
    ),
    # confidentiality_term
    pytest.param(
        "",
        "本协议自双方签字盖章之日起生效。",
        "confidentiality_term",
        id="cterm-effective-on-signing",
    ),
    pytest.param(
        "",
        "违约方应在收到对方书面通知之日起十日内支付赔偿款项。",
        "confidentiality_term",
        id="cterm-payment-in-days",
    ),
    # personnel
    pytest.param(
        "",
        "乙方应为甲方财务人员提供系统操作培训，每期不少于两天，培训结束后进行上机考试。",
        "personnel",
        id="staff-training-client-users",
    ),
    pytest.param(
        "",
        "接收方仅可将保密信息披露给因履行本协议而确需知悉的董事、员工及专业顾问。",
        "personnel",
        id="staff-need-to-know",
    ),
    pytest.param(
        "",
        "本人已参加公司组织的保密培训，清楚了解上述各项要求。",
        "personnel",
        id="staff-pledgor-attended-training",
    ),
    # termination
    pytest.param(
        "",
        "会议结束后，由甲方整理会议纪要并发送双方确认。",
        "termination",
        id="end-meeting-ends",
    ),
    pytest.param(
        "",
        "第一阶段需求调研工作按计划于2027年5月31日结束，随即转入系统开发阶段。",
        "termination",
        id="end-phase-ends-on-schedule",
    ),
    # service_standards
    pytest.param(
        "",
        "甲方每季度对乙方服务进行一次考评打分，考评结果与当季服务费挂钩。",
        "service_standards",
        id="std-quarterly-scoring",
    ),
    pytest.param(
        "",
        "需方每半年组织一次对供方的满意度测评，得分低于80分的，供方应提交整改方案。",
        "service_standards",
        id="std-half-yearly-satisfaction",
    ),
    # evaluation
    pytest.param(
        "",
        "咨询报告的评审采取专家会审方式，由甲方邀请三名行业专家出具书面评审意见。",
        "evaluation",
        id="eval-report-review-method",
    ),
    pytest.param(
        "",
        "乙方提交的研究报告由甲方组织专家组按评审办法进行论证，专家组意见作为报告定稿的依据。",
        "evaluation",
        id="eval-report-panel-finalises",
    ),
    # payment
    pytest.param(
        "",
        "承租方逾期支付租金的，每逾期一日按应付金额的千分之三向出租方支付违约金。",
        "payment",
        id="pay-late-rent-damages-only",
    ),
    pytest.param(
        "",
        "托运方迟延付款超过三十日的，应按未付款项每日万分之五向承运方支付滞纳金。",
        "payment",
        id="pay-late-freight-surcharge-only",
    ),
]
