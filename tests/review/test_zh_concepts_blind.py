"""Chinese clauses written blind: each legal concept found, and silent on its near misses (in the cases module).

Chinese clauses written blind to the patterns: each legal concept found when a clause states it in
words of its own trade, and silent on the near miss that borrows its vocabulary for another matter.
"""

from __future__ import annotations

import pytest

from clause_library.models import Category
from tests.review.concepts import found
from tests.review.zh_concepts_blind_near_misses import ABSENT

PRESENT = [
    # service_scope: what the vendor does
    pytest.param(
        "第一条 租赁设备及操作人员",
        "出租方向承租方出租25吨汽车起重机一台，并随机配备持有特种作业操作证的司机一名，负责承租方厂区钢结构吊装作业。",
        "service_scope",
        id="scope-crane-with-driver",
    ),
    pytest.param(
        "",
        "办公楼一至六层公共区域的地面清扫、卫生间清洁消毒、垃圾分类清运及外墙玻璃擦拭等工作，均由乙方负责完成。",
        "service_scope",
        id="scope-task-list-done-by-vendor",
    ),
    pytest.param(
        "第二条 外包项目与工作内容",
        "受托方为委托方客服热线提供7×24小时来电接听、工单记录、满意度回访及投诉转办服务。",
        "service_scope",
        id="scope-heading-project-and-work",
    ),
    pytest.param(
        "第一条 服务对象与内容",
        "乙方为甲方本部及下属三个分厂职工提供早、中、晚三餐及夜班加餐。",
        "service_scope",
        id="scope-heading-object-and-content",
    ),
    pytest.param(
        "第一条 搬迁事项",
        "甲方将其位于浦东新区张江路88号的办公家具、档案柜及服务器机柜整体迁至闵行区新址，由乙方负责拆卸、包装、运输和复位安装。",
        "service_scope",
        id="scope-heading-relocation",
    ),
    pytest.param(
        "第一条 承包事项",
        "发包方将其职工食堂交由承包方经营，食材采购、加工烹饪、配餐及餐具清洗消毒由承包方负责。",
        "service_scope",
        id="scope-heading-canteen-contracting",
    ),
    pytest.param(
        "第一条 订阅内容",
        "需方向供方订阅企业工商及司法风险数据查询服务，订阅期内需方员工可通过供方平台在线查询并导出报告。",
        "service_scope",
        id="scope-heading-subscription",
    ),
    pytest.param(
        "",
        "受托方负责委托方全部门店收银终端及网络设备的日常巡检、故障维修和备件更换。",
        "service_scope",
        id="scope-it-maintenance-vendor-responsible",
    ),
    # service_term: the engagement's period
    pytest.param(
        "第三条 合作期限",
        "双方合作期为壹年，自2027年1月1日起计算。",
        "service_term",
        id="term-heading-cooperation-period",
    ),
    pytest.param(
        "第四条 外包期限",
        "本项目外包期限为三年，期满前三个月双方另行协商后续安排。",
        "service_term",
        id="term-heading-outsourcing-period",
    ),
    pytest.param(
        "第五条 处理期限",
        "受托方代为处理委托方员工个人信息的期间以本合同有效期为限，最长不超过二十四个月。",
        "service_term",
        id="term-heading-processing-period",
    ),
    pytest.param(
        "",
        "乙方保安人员自2027年3月1日起至2028年2月28日止在甲方园区执勤。",
        "service_term",
        id="term-bare-span-year-repeated",
    ),
    pytest.param(
        "",
        "2027年7月1日至12月31日，乙方每周为甲方开展两期新员工入职培训。",
        "service_term",
        id="term-bare-span-year-once",
    ),
    pytest.param(
        "",
        "乙方应于2027年9月30日前完成甲方全部历史档案的扫描、著录和数据入库，并将成果移交甲方。",
        "service_term",
        id="term-deliver-by-date",
    ),
    pytest.param(
        "第二条 交付",
        "供方须在本合同签订后45日内将运维监控平台部署上线，交付需方使用。",
        "service_term",
        id="term-deliver-within-days",
    ),
    # confidentiality in a service contract
    pytest.param(
        "",
        "乙方派驻人员在甲方厂区作业期间所见所闻的生产工艺、设备布局及经营情况，一律不得向任何外单位或个人透露。",
        "confidentiality",
        id="conf-premises-no-telling-outsiders",
    ),
    pytest.param(
        "",
        "受托方工作人员对其在委托方机房内获悉的网络拓扑、设备账号及口令，不得对外泄露。",
        "confidentiality",
        id="conf-server-room-no-leak",
    ),
    pytest.param(
        "",
        "托运方的客户名单、收货地址及货物价值等资料，承运方应予保密。",
        "confidentiality",
        id="conf-above-kept-brief",
    ),
    pytest.param(
        "",
        "承包方不得将发包方的菜谱、配方带出食堂，亦不得告知他人。",
        "confidentiality",
        id="conf-recipes-not-taken-out",
    ),
    pytest.param(
        "",
        "乙方坐席人员不得将甲方客户的订单信息抄录带离工作场所，或者告诉其他任何人。",
        "confidentiality",
        id="conf-customer-orders-not-taken-out",
    ),
    # confidential_info_definition in an NDA
    pytest.param(
        "",
        "本协议所称商业秘密，是指不为公众所知悉、能为甲方带来经济利益、具有实用性并经甲方采取保密措施的技术信息和经营信息，"
        "包括但不限于设计图纸、工艺流程、客户名单、货源情报及产销策略。",
        "confidential_info_definition",
        id="def-trade-secret-means-including",
    ),
    pytest.param(
        "",
        "前款所称技术秘密，是指甲方拥有的尚未公开的配方、工艺参数及检测数据，包括以图纸、样品、电子文件等任何载体记载的内容。",
        "confidential_info_definition",
        id="def-technical-secret-means-including",
    ),
    pytest.param(
        "第二条 受保护的信息",
        "指甲方以书面、口头或电子形式向乙方提供的技术资料、报价单、客户资料及合作方案。",
        "confidential_info_definition",
        id="def-heading-protected-information",
    ),
    pytest.param(
        "第一条 保密资料",
        "双方在洽谈及合作过程中交换的财务数据、产品路线图、供应商名单。",
        "confidential_info_definition",
        id="def-heading-confidential-materials",
    ),
    pytest.param(
        "",
        "上述资料包括：（一）源代码及技术文档；（二）客户联系人及联系方式；（三）未公开的价格体系；（四）员工薪酬信息。",
        "confidential_info_definition",
        id="def-materials-above-include-list",
    ),
    # confidentiality_term in an NDA or pledge
    pytest.param(
        "",
        "乙方承担的上述义务自本协议签署之日起五年内有效。",
        "confidentiality_term",
        id="cterm-years-from-signing",
    ),
    pytest.param(
        "",
        "承诺人对公司秘密负有的保密责任，在其与公司的合作关系结束后仍持续三年。",
        "confidentiality_term",
        id="cterm-years-after-cooperation",
    ),
    pytest.param(
        "",
        "本人离职后两年内，仍不得披露或使用在职期间知悉的公司秘密。",
        "confidentiality_term",
        id="cterm-years-after-leaving",
    ),
    pytest.param(
        "",
        "接收方的上述义务持续至相关信息经披露方公开或以其他合法方式为公众所知悉之日止。",
        "confidentiality_term",
        id="cterm-until-public",
    ),
    pytest.param(
        "",
        "乙方的保密义务自本协议签署之日起五年内有效。",
        "confidentiality_term",
        id="cterm-named-duty-years-from-signing",
    ),
    pytest.param(
        "",
        "乙方的保密义务直至该等信息依法公开之日方告解除。",
        "confidentiality_term",
        id="cterm-named-duty-until-public",
    ),
    # personnel: the vendor's staff
    pytest.param(
        "",
        "乙方应派驻不少于12名保安员在甲方园区执勤，其中队长1名。",
        "personnel",
        id="staff-at-least-n",
    ),
    pytest.param(
        "",
        "受托方安排XX名坐席人员驻场，专职处理委托方业务。",
        "personnel",
        id="staff-blank-count",
    ),
    pytest.param(
        "",
        "乙方上岗人员须经岗前培训并考试合格，持有有效健康证后方可从事食堂工作。",
        "personnel",
        id="staff-training-exam-certificate",
    ),
    pytest.param(
        "",
        "承包方派出的保洁员应身体健康，无违法犯罪记录。",
        "personnel",
        id="staff-no-criminal-record",
    ),
    pytest.param(
        "",
        "乙方驻场人员每月流动比例不得超过在岗人数的15%。",
        "personnel",
        id="staff-monthly-turnover-cap",
    ),
    pytest.param(
        "",
        "乙方自行招聘、管理其工作人员，依法与其签订劳动合同并缴纳社会保险。",
        "personnel",
        id="staff-vendor-recruits-and-manages",
    ),
    pytest.param(
        "",
        "供方更换项目经理或主要技术人员的，须提前十个工作日书面通知需方并经需方同意。",
        "personnel",
        id="staff-change-notified-approved",
    ),
    pytest.param(
        "",
        "驻场运维工程师须持有CCNP或同等网络认证，进场前应通过甲方组织的安全规范考试。",
        "personnel",
        id="staff-engineer-certificate-exam",
    ),
    # termination without "解除/终止 the contract"
    pytest.param(
        "",
        "任何一方均可提前三十日书面通知对方结束合作。",
        "termination",
        id="end-cooperation-by-notice",
    ),
    pytest.param(
        "",
        "甲乙双方中任何一方欲提前退出本项目合作的，应提前一个月以书面形式告知另一方。",
        "termination",
        id="end-withdraw-from-cooperation",
    ),
    pytest.param(
        "",
        "委托方或受托方经提前六十日书面通知，可以提前停止本协议项下的合作。",
        "termination",
        id="end-stop-cooperation-early",
    ),
    pytest.param(
        "",
        "出租方提前收回设备或者承租方提前退租的，应提前十五日书面通知对方。",
        "termination",
        id="end-early-return-of-hire",
    ),
    # service_standards
    pytest.param(
        "第五条 保洁标准",
        "地面无水渍、无污渍，墙面无蛛网，卫生间无异味，垃圾桶每日清理不少于两次。",
        "service_standards",
        id="std-cleaning-heading",
    ),
    pytest.param(
        "第六条 安保服务标准",
        "门岗24小时有人值守，夜间每两小时巡逻一次，外来人员、车辆一律登记后放行。",
        "service_standards",
        id="std-security-heading",
    ),
    pytest.param(
        "",
        "乙方提交的咨询报告由甲方组织的评审小组审查，审查通过的视为验收合格；未通过的，乙方应在十日内修改后重新提交。",
        "service_standards",
        id="std-report-panel-pass-or-revise",
    ),
    pytest.param(
        "",
        "受托方交付的培训课件须经委托方专家组评审，评审不通过的退回受托方修改完善。",
        "service_standards",
        id="std-courseware-panel-returned",
    ),
    # evaluation: periodic scoring of the vendor
    pytest.param(
        "",
        "甲方每月对乙方保洁工作进行考核评分，满分100分，得分低于85分的，每低1分扣减当月服务费200元。",
        "evaluation",
        id="eval-monthly-scoring",
    ),
    pytest.param(
        "",
        "委托方每年对受托方的服务质量、响应速度及成本控制情况进行综合评估，评估结果作为是否续签合同的依据。",
        "evaluation",
        id="eval-yearly-assessment-renewal",
    ),
    # payment
    pytest.param(
        "",
        "承租方应于每月5日前向出租方支付当月设备租金。",
        "payment",
        id="pay-lessee-by-date",
    ),
    pytest.param(
        "",
        "托运方应在收到承运方开具的增值税专用发票后十五个工作日内支付运费。",
        "payment",
        id="pay-shipper-after-invoice",
    ),
    pytest.param(
        "",
        "需方于2027年6月30日前将全部价款一次性汇入供方指定账户。",
        "payment",
        id="pay-buyer-lump-sum-by-date",
    ),
    pytest.param(
        "",
        "甲方在收到乙方发票后30日内以银行转账方式支付当月代发工资服务费。",
        "payment",
        id="pay-client-after-invoice",
    ),
]


@pytest.mark.parametrize(("heading", "text", "category"), PRESENT)
def test_conceptfound(categories: dict[str, Category], heading: str, text: str, category: str) -> None:
    assert category in found(categories, text, heading)


@pytest.mark.parametrize(("heading", "text", "category"), ABSENT)
def test_near_miss_notfound(categories: dict[str, Category], heading: str, text: str, category: str) -> None:
    assert category not in found(categories, text, heading)
