"""Chinese vendor paper as official 示范文本 and company forms lay it out: each concept found when there,
silent when absent; a clause with blanks to fill is the clause, present."""

from __future__ import annotations

import pytest

from clause_library.models import Category
from tests.review.concepts import found

# (heading, text, category): written from the concept, in words no document of the dev sets uses.
PRESENT = [
    # a first-person promise not to tell, with no 不得 and no 保密
    ("", "本人不向家人、朋友或其他部门的同事透露客户的账户余额。", "confidentiality_obligations"),
    ("", "我方对项目组以外的任何人不泄露样例数据的内容。", "confidentiality_obligations"),
    # scope: the work handed to the vendor, whatever the parties are called
    ("", "星河公司为远帆物流提供以下后台客户服务：电话受理、工单回访。", "service_scope"),
    ("", "发包方将其三个门店的理货岗位作业交由承包方完成。", "service_scope"),
    ("外包业务范围", "详见附件。", "service_scope"),
    ("调研内容与方法", "以双方确认的方案为准。", "service_scope"),
    # standards: how fast and how well
    ("", "设备发生故障的，乙方工程师应在三十分钟内到达现场。", "service_standards"),
    ("", "乙方应在接到报修后四小时内修复。", "service_standards"),
    ("", "乙方保证每月报表准确无误。", "service_standards"),
    ("", "受托方应当依照国家统一的会计制度进行核算。", "service_standards"),
    ("", "乙方应建立问卷质量抽查机制。", "service_standards"),
    ("服务要求", "乙方人员应着统一工装。", "service_standards"),
    ("", "工单差错率不高于千分之二。", "service_standards"),
    # term: a delivery period counted from the contract's effect
    ("交付时间", "见项目计划。", "service_term"),
    ("", "乙方应于本合同生效之日起九十日内完成系统上线。", "service_term"),
    # each side's duties: the client's part (协作事项), a split of duties, a labour vendor as employer
    ("", "甲方应当按时向乙方提供项目所需的技术资料和现场办公条件。", "rights_obligations"),
    ("", "委托方应为受托方开通业务系统的查询权限。", "rights_obligations"),
    ("", "为便于乙方开展工作，甲方提供下列协作事项：会议室一间。", "rights_obligations"),
    ("", "机房空调由采购方提供并负责保养。", "rights_obligations"),
    ("", "远帆物流负责提供作业规则和系统账号；星河公司负责人员排班和现场管理。", "rights_obligations"),
    ("", "承包方依法向其作业人员支付劳动报酬并为其缴纳社会保险。", "rights_obligations"),
    # the vendor accounting to the client as it goes; the client telling the vendor ahead what the work needs
    ("", "承包方应每周向发包方报送作业进度周报。", "rights_obligations"),
    # the person pledging, named with an ID number
    ("", "声明人姓名：韩露 身份证号码：330106********2215", "pledgor_identity"),
    ("", "需方调整门店营业时间的，应提前三日告知供方。", "rights_obligations"),
    # the contract's term renewed, however said
    ("", "服务期限届满后，双方可协商续期一年。", "renewal"),
    ("", "租期届满，用车方需要继续使用的，租期相应延长六个月。", "renewal"),
    # disclosure the law or an authority compels, the owner told first
    ("", "接收方依法必须向税务机关提供上述资料的，应当事先书面告知披露方。", "compelled_disclosure"),
    ("", "公安机关依法调取监控录像时，物业公司应立即通知业主委员会。", "compelled_disclosure"),
    # use confined to the purpose
    ("", "除为完成审计工作的需要外，乙方不得使用甲方的财务资料。", "limited_use"),
    ("", "服务商不得超出委托目的处理会员数据。", "limited_use"),
    ("", "调研数据仅限于本次报告，不得在其他客户的项目中引用。", "limited_use"),
    # what is secret, listed under its own title or declared so
    ("保密范围", "见下列各项。", "confidential_info_definition"),
    ("", "客户名单、报价单及配方工艺，均属于须保密的信息。", "confidential_info_definition"),
    # the circle of people who may know
    ("涉密人员", "仅限双方项目组。", "permitted_disclosure"),
    ("", "评审资料的查阅范围限于评标委员会成员。", "permitted_disclosure"),
    # the other side's staff, named by its name, not hired
    ("", "在合作期内，星河物流不得招用远帆集团仓储部的员工。", "non_solicitation"),
    ("", "用工单位不得与派遣员工直接签订劳动合同。", "non_solicitation"),
    # physical security of a store; a person's promise not to use media or photograph screens
    ("", "档案库房实行双人双锁管理并设置门禁。", "information_security"),
    ("", "本人不将U盘带入机房，不用手机拍摄屏幕。", "information_security"),
    # the vendor's team and who leads it
    ("驻场团队", "见附件。", "personnel"),
    ("", "外包人员上岗前须通过背景审查。", "personnel"),
    ("", "未经采购方同意，供应商不得更换项目负责人。", "personnel"),
    # a periodic rating under its own title
    ("满意度测评", "每季度一次。", "evaluation"),
    ("", "委托方每季度按考评细则对受托方评分。", "evaluation"),
    ("", "月度得分低于八十分的，下月起增加抽检频次。", "evaluation"),
    # a person keeps the secret without the word 保密
    ("", "本人将严格保守上述信息，不向亲友透露。", "confidentiality"),
    # payment: a client however named pays by a date, a deduction beside it
    ("", "需方每季度首月十日前支付上季度服务费，并有权扣减依照附件计算的考核扣款。", "payment"),
    # breach: an article headed 责任; liquidated damages payable; actual loss compensated
    ("九、责任", "双方按本条处理。", "breach_liability"),
    ("", "乙方逾期交付的，每逾期一日应支付合同总价千分之一的违约金。", "breach_liability"),
    ("", "因乙方原因造成差错的，乙方应赔偿委托方的实际损失。", "breach_liability"),
    # dispute: a court chosen by submitting to it
    ("", "争议提交原告所在地人民法院诉讼解决。", "dispute_resolution"),
    # warranty: a period after acceptance in which defects are fixed free, without the word 质保
    ("", "自终验合格之日起六个月内，软件出现与需求不符的问题的，乙方应免费修正。", "warranty"),
    # what the work produces belongs to one side, without the words 知识产权
    ("", "乙方在服务期间形成的通话录音、工单记录及知识库内容，均归甲方所有。", "ip_ownership"),
    # a guarantee period for what was supplied, replaced free within it
    ("", "候选人入职后九十日内离职的，乙方应当免费推荐替代人选。", "warranty"),
    # concrete security measures on systems, accounts and media
    ("", "乙方人员应使用甲方分配的账号登录，不得出借账号。", "information_security"),
    ("", "处理数据的终端应禁用USB接口，不得使用移动存储介质。", "information_security"),
    ("", "系统应部署防火墙并保留操作日志不少于六个月。", "information_security"),
    ("", "乙方应使用专用计算机处理图纸，该计算机不得连接外部网络。", "information_security"),
    # a duty running during the term and for a period after it ends
    ("", "在本合同有效期内及终止后六个月内，甲方不得聘用乙方派驻的工程师。", "survival"),
    ("", "保密期限：自本合同签订之日起至本合同终止后三年。", "survival"),
    # signatures laid out as a form or a table
    ("", "委托方 | 名称：某某有限公司（盖章） | 法定代表人/委托代理人：（签章） | 日期：____年__月__日", "signatures"),
    ("", "甲方：某某有限公司（公章） 授权签字人： 日期：二〇二七年一月五日", "signatures"),
    ("", "承诺人（签字并按手印）： 日期：", "signatures"),
    ("", "甲方（盖章）    乙方（盖章） 法定代表人：张明    法定代表人：李华 签约日期：2027年3月1日", "signatures"),
    ("开发期限", "见项目计划。", "service_term"),
    ("", "乙方应于2027年9月30日前完成全部部署。", "service_term"),
    ("派遣标准与确认", "按附件执行。", "service_standards"),
    # acceptance and what the work delivered must conform to
    ("", "甲方应在五个工作日内确认阶段报告，逾期未确认的视为验收通过。", "service_standards"),
    ("", "乙方提交的译稿应当符合甲方的术语要求，不得出现漏译。", "service_standards"),
    ("合规要求", "乙方不得在夜间催收。", "service_standards"),
    # liability for loss caused, without the word 违约
    ("", "乙方延误交付给甲方造成损失的，应当按实际损失予以赔偿。", "breach_liability"),
    # the client's part: what it must confirm and by when
    ("", "委托人应在收到译稿后十个工作日内完成审阅并书面确认。", "rights_obligations"),
    # the vendor's team
    ("", "不符合录用条件的，乙方应在五日内将其召回并补派人员。", "personnel"),
    ("", "项目组核心成员不少于三名且须具备中级职称。", "personnel"),
    ("派遣员工的退回", "甲方可以退回。", "personnel"),
    # a cover page naming both sides under their roles
    ("", "委托方（甲方）：某某供应链管理有限公司 受托方（乙方）：某某软件技术有限公司", "parties"),
    # the term of confidentiality: a period with a blank, a period after leaving, an NDA's own term
    ("", "接收方的保密义务在本协议终止后【 】年内继续有效。", "confidentiality_term"),
    ("", "承诺人在离开本项目后五年内保密义务继续有效。", "confidentiality_term"),
    ("", "我公司对保密资料的保密责任期限为自本函出具之日起三年。", "confidentiality_term"),
    ("", "本协议自双方签署之日起生效，初始有效期为两年。", "confidentiality_term"),
    # what is protected, defined under its own name
    ("", "本合同所称技术资料，是指提供方向接收方提供的图纸和样件。", "confidential_info_definition"),
    ("", "下列内容均属于须保密的信息：客户名单、报价。", "confidential_info_definition"),
    # confidentiality without the word 保密 in the duty: disclosure only to staff bound to secrecy
    ("", "乙方仅可向参与核算的员工披露薪酬数据，该等员工须签署保密承诺书。", "confidentiality"),
    # security as a duty or a measure
    ("", "供应商应当遵守采购方的网络安全管理制度，落实账号和权限管理。", "information_security"),
    ("", "乙方发生信息安全事件的，应在两小时内报告甲方。", "information_security"),
    # what follows the end of the engagement, however the end is called
    ("", "本合同期满后十日内，受托方应将保管的档案按清单移交委托方，双方结清服务费。", "post_termination_services"),
    ("", "合作结束时，承运方应将全部运单与委托方办理交接。", "post_termination_services"),
    # the client calling the work off, paying only what was spent
    ("", "主办方可在活动开始前五日通知取消本次会务，仅需支付供方已采购的物料费用。", "termination_for_convenience"),
    ("取消", "甲方在开工前取消的，只需承担乙方已发生的设计费。", "termination_for_convenience"),
    # a recruiter's free replacement for a placed person who leaves within a stated period
    ("", "推荐人员到岗后六十日内主动离职的，猎头方应免费再推荐替补人选一名。", "warranty"),
    ("保证期", "以录用之日起九十日为限。", "warranty"),
    # the users' satisfaction scored periodically, and what a low score costs
    ("", "甲方每季度组织员工进行餐饮满意度调查。", "evaluation"),
    ("", "满意度低于百分之八十的，当月管理费扣减百分之十。", "evaluation"),
    # the end of the job does not end the duty of confidence
    ("", "员工调岗或者辞职，均不影响其对公司技术秘密承担的保密责任。", "survival"),
    ("", "协议到期后，顾问方仍应遵守本条关于保密的约定。", "survival"),
    # use only within the work, for no other purpose, nothing looked up beyond one's own work
    ("", "本人只在本岗位职责范围内使用客户档案，不另作他用。", "limited_use"),
    ("", "承揽方不得为本合同之外的目的复制或使用委托方的图纸。", "limited_use"),
    ("", "坐席员不查阅与本人工单无关的会员资料。", "limited_use"),
    # identifying details of people handled only as allowed
    ("", "维护人员接触到的会员手机号码和住址，只能在甲方终端上查阅，不得导出。", "data_protection"),
    ("", "测试使用的病人数据应先经去标识化处理。", "data_protection"),
    # the kinds of information the duty covers, enumerated (eval-zh/test4 and dev4's convention; dev3 chose 0)
    ("", "物流商对仓储期间掌握的货主名单、库存数量和配送路线等信息承担保密义务。", "confidential_info_definition"),
    ("", "驻场人员可能接触到医院的病历数据、网络拓扑及账号口令等敏感信息。", "confidential_info_definition"),
    ("", "供方知悉的需方产品配方、工艺文件（以下统称“保密信息”）不得外泄。", "confidential_info_definition"),
    # concepts from dev5, in new words
    ("", "凡甲方为本次合作交付的文件，不论是否标注密级，均属本协议保护的资料，具体包括：设计稿、报价单。",
     "confidential_info_definition"),
    ("", "员工的保密义务自入职之日起，至该技术秘密为公众所知悉之日止。", "confidentiality_term"),
    ("", "本承诺在借调期间及借调结束之日起三年内有效。", "confidentiality_term"),
    ("", "本人调离项目时，将当日把全部工作底稿交回公司并清除手机中的项目照片。", "return_or_destruction"),
    ("", "本人对公司的客户秘密严格保守，不以任何方式向外单位人员透露。", "confidentiality_obligations"),
    ("", "双方均应对合作中获知的对方经营数据予以保密。", "confidentiality"),
    ("", "每期培训的学员满意度评分应不低于九十分。", "service_standards"),
    ("菜品标准", "每餐不少于三荤三素。", "service_standards"),
    ("", "承包方对发包方交来的报销单据进行审核、录入和归档。", "service_scope"),
    ("委托处理的事项", "详见附件一。", "service_scope"),
    ("", "标的项目的内容和范围：", "service_scope"),
    ("", "委托方（章）：", "signatures"),
    ("", "声明人：________（签名并捺印）", "signatures"),
    ("星河公司的义务", "按时提交月度报表。", "rights_obligations"),
    # more concepts from dev5, in new words
    ("", "本人已于报到次日参加了人事部门举办的数据安全专题培训。", "training_acknowledgment"),
    ("", "经公司法务部组织的保密宣贯，本人已经了解泄密的法律后果。", "training_acknowledgment"),
    ("", "本条所称技术资料包括图纸、配方和检测报告。", "confidential_info_definition"),
    ("", "下列文件均属受托方应予保密的范围：保单影像、理赔记录。", "confidential_info_definition"),
    ("", "本人离开该项目后两年内，上述保密承诺继续有效。", "survival"),
    ("", "需要转委托第三人的，受托人应当事先征得委托人书面同意。", "assignment"),
    ("", "服务商不得将本项目的数据标注工作交由其他公司完成。", "assignment"),
    ("", "本人将客户资料存放于带锁的文件柜，不使用个人网盘保存工作文件。", "information_security"),
    ("", "双方签署《服务范围调整确认单》后，乙方方可按新范围提供服务。", "change_management"),
    ("", "合同期满或者提前解除的，受托方应配合委托方将业务平稳转接至新服务商。", "post_termination_services"),
    ("", "委托方不再需要该项服务的，可以书面通知受托方终止本合同。", "termination_for_convenience"),
    ("", "承包方应派出不少于六名熟练工人驻场作业。", "personnel"),
    ("", "外包人员名单应提交发包方备案。", "personnel"),
    ("", "项目结束后三十日内，乙方应从其服务器及备份中彻底删除全部客户数据。", "return_or_destruction"),
    # concepts from dev6 (paper that avoids the keywords), in new words
    ("", "分拣每票人民币1.2元，超重件每件另加0.5元。", "price"),
    ("检修范围", "厂区内全部消防水泵及管网。", "service_scope"),
    ("", "门店的收银和理货工作，由海川公司的驻店小组承接。", "service_scope"),
    ("", "甲方委托乙方维护其官网及小程序。", "service_scope"),
    ("", "绿化成活率不低于98%。", "service_standards"),
    ("修到什么程度", "故障修复后连续运行七日无复发。", "service_standards"),
    ("", "因保洁员操作不当造成地面石材损坏的，乙方照价赔偿。", "breach_liability"),
    ("出了问题谁赔", "以实际损失为限。", "breach_liability"),
    ("", "乙方连续两次考核不合格的，甲方可以解除合同。", "termination"),
    ("", "运维期两年，自系统验收之日起算。", "service_term"),
    ("", "供方不得把门店销量告诉任何竞争对手或外人。", "confidentiality"),
    ("", "需方（盖章）/ Client (seal)：", "signatures"),
    ("乙方要做的事", "按排班表派人上岗。", "rights_obligations"),
    ("", "仓储公司负责：收货、上架、盘点。", "rights_obligations"),
    ("", "项目结束后两年内履行上述保密义务。", "confidentiality_term"),
    ("", "| 保密信息 | 甲方提供的配方、工艺和客户资料 |", "confidential_info_definition"),
    ("", "工作内容 …… 每周两次清运厨余垃圾", "service_scope"),
    ("", "承包方不得把保洁工作转给别的公司做。", "assignment"),
    ("", "车辆和司机不得转租。", "assignment"),
    ("", "甲方可以解除合同，并按已完成的配送车次结算运费。", "post_termination_services"),
    ("", "对在厂区看到的配方、样品和客户名单等信息，乙方不得对外透露。", "confidential_info_definition"),
    ("", "双方负有保密义务：包括价格、客户和技术方案。", "confidential_info_definition"),
    ("", "合同终止后同样不得透露上述信息。", "confidentiality_term"),
    ("", "遇有地震等人力不能抗拒的情形，双方均不承担责任。", "force_majeure"),
    ("", "每单漏送扣人民币50元。", "liquidated_damages"),
    ("", "甲方每月对保洁质量进行抽查，不合格的区域由乙方当日返工。", "audit_rights"),
    ("", "依法向税务机关报送的员工收入信息不在此限。", "compelled_disclosure"),
    ("", "交付后六十日内发现的错漏，乙方免费修正。", "warranty"),
    ("", "客户名单、进货渠道和促销方案均为甲方的商业秘密。", "confidential_info_definition"),
    ("", "乙方对甲方的配方、检测数据和供应商报价保密。", "confidential_info_definition"),
    # concepts from dev7, in new words
    ("", "保密义务在本人调离或者与公司解除劳动合同后两年内仍然有效。", "confidentiality_term"),
    ("", "本人的保密责任在合作结束后继续，不设期限。", "confidentiality_term"),
    ("", "访客名单只能用于登记，不得提供给其他人。", "confidentiality"),
    ("执业要求", "按照税务师行业规范出具报告。", "service_standards"),
    ("", "抽检不合格的比例不得超过百分之三。", "service_standards"),
    ("", "候选人面试通过率不低于【40】%。", "service_standards"),
    ("", "外包服务费按季度支付，由发包方在季度末前付清。", "payment"),
    ("", "委托方：某某物业管理有限公司（盖章）", "signatures"),
    ("", "上述保密期限不因本协议履行完毕而终止。", "confidentiality_term"),
    ("", "服务商只能按甲方的指示处理员工信息。", "limited_use"),
    ("", "员工不得在本职工作以外使用客户资料。", "limited_use"),
    ("", "单价调整须以书面补充协议确定。", "change_management"),
    ("", "灭鼠后提供三十日保证期，保证期内复发的免费补治。", "warranty"),
]


@pytest.mark.parametrize(("heading", "text", "category"), PRESENT)
def test_found_when_there(categories: dict[str, Category], heading: str, text: str, category: str) -> None:
    assert category in found(categories, text, heading)


ABSENT = [
    ("", "乙方应在收到发票后提供收据。", "service_scope"),
    ("", "甲方应在十个工作日内支付服务费。", "service_standards"),
    ("", "乙方应在收到整改通知后五日内完成整改。", "service_term"),
    ("", "接收方应对披露方的保密信息严格保密，乙方应妥善保管资料。", "rights_obligations"),
    ("", "乙方应按月提供服务报告。", "rights_obligations"),
    ("", "乙方考核不合格的，甲方有权扣减当月服务费。", "payment"),
    ("第八条 保密责任", "双方应当对本合同内容保密。", "breach_liability"),
    ("", "双方应友好协商解决分歧。", "dispute_resolution"),
    ("", "乙方应在十二个月内完成全部培训课程。", "warranty"),
    ("", "乙方在服务期间产生的差旅费用由乙方承担。", "ip_ownership"),
    ("", "乙方应在三日内更换不合格的工作人员。", "warranty"),
    ("", "保洁人员应填写工作日志，日志保存一年。", "information_security"),
    ("", "考察人员未经许可不得拍照。", "information_security"),
    ("", "本合同终止后十日内，乙方应删除其留存的数据。", "survival"),
    ("", "本合同自双方签字盖章之日起生效。", "signatures"),
    ("", "甲方：某某有限公司 法定代表人：张明 住所：某市某路1号", "signatures"),
    ("", "乙方应于2027年9月30日前支付履约保证金。", "service_term"),
    ("", "乙方应向甲方披露其股东信息。", "confidentiality"),
    ("", "乙方交付前应完成自检。", "service_standards"),
    ("", "乙方应在收到通知后三日内完成整改。", "rights_obligations"),
    ("", "委托方应提前三十日书面通知受托方解除本合同。", "rights_obligations"),
    ("", "乙方（员工）：韩露 身份证号码：330106********2215 岗位：测试工程师", "pledgor_identity"),
    ("", "甲方向乙方提供门店员工的姓名、身份证号码和排班信息。", "pledgor_identity"),
    # an amount of liquidated damages is no price
    ("", "违反本协议的一方应向对方支付违约金人民币伍万元。", "price"),
    # a notice that ends the contract is no notices clause
    ("", "委托方可以书面通知受托方解除本合同，自通知送达之日起解除。", "notices"),
    # a licence or certificate the vendor keeps valid is no renewal of the contract
    ("", "承包方应在其道路运输许可证有效期届满前办理续期，并将新证复印件交发包方。", "renewal"),
    ("", "本合同期限届满，双方未另行签订书面合同的，本合同自然终止。", "renewal"),
    # a new address or contact person notified in writing is no change of the contract
    ("", "乙方变更联系电话的，应当在变更后三日内书面告知甲方。", "change_management"),
    ("", "保密义务持续至该信息为公众所知悉之日止。", "exclusions"),
    ("", "乙方应配合办理员工社会保险关系的转移。", "insurance"),
    ("", "乙方只能为完成本职工作的需要使用保密信息。", "permitted_disclosure"),
    ("", "本人归还门禁卡和工作证。", "information_security"),
    ("", "本人确认已参加服务方组织的驻场人员保密培训。", "personnel"),
    ("", "乙方每缺岗一人一日，扣减服务费五百元。", "evaluation"),
    ("", "乙方应加强人员安全教育。", "personnel"),
    ("", "本协议自双方签署之日起生效。", "confidentiality_term"),
    ("", "本合同所称工作日不含法定节假日。", "confidential_info_definition"),
    # 不向 … without telling anyone anything: recruiting openly is no confidentiality duty
    ("", "甲方不向社会公开招聘，岗位人选由乙方推荐。", "confidentiality_obligations"),
    ("", "乙方不向甲方收取场地费用。", "confidentiality_obligations"),
    # a training or a team named for security is not a security duty
    ("", "本人参加了项目组举办的信息安全与保密培训。", "information_security"),
    ("", "乙方信息安全部负责人为王某，联系电话见附件。", "information_security"),
    # training as the service bought is not a person acknowledging training
    ("培训", "乙方为甲方新员工提供三天入职培训。", "training_acknowledgment"),
    # cancelling for the other side's breach is not convenience
    ("", "乙方逾期十日仍未交付的，甲方可取消订单并要求赔偿。", "termination_for_convenience"),
    # returning confidential papers at the end of talks is return or destruction, not a service handover
    ("", "洽谈结束时，接收方应将全部图纸归还提供方。", "post_termination_services"),
    # a contract's own term, not a duty outliving it; a budget's use, not information's
    ("", "合同到期后双方可协商续签。", "survival"),
    ("", "该笔预付款仅用于采购原材料。", "limited_use"),
    # a phone number to call is no handling of personal data
    ("", "乙方客服电话为400-000-0000，工作时间可随时查看工单进度。", "data_protection"),
    # a bare duty with no kinds named, and a list of things that are not information
    ("", "乙方对在合作中知悉的甲方信息负有保密义务。", "confidential_info_definition"),
    ("", "乙方提供桌椅、文件柜和打印机等办公设备。", "confidential_info_definition"),
    # a breach's consequences and an NDA recipient's duties are not each side's duties under a service contract
    ("违约方的责任", "违约方应赔偿守约方的全部损失。", "rights_obligations"),
    ("接收方的义务", "不得向第三方披露保密信息。", "rights_obligations"),
    ("", "本承诺书一式两份，承诺人与公司各执一份。", "confidentiality_term"),
    # a course finished is not a person acknowledging training; late payment is not convenience
    ("", "已完成的课程按实际课时结算。", "training_acknowledgment"),
    ("", "甲方逾期付款超过六十日的，乙方可以书面通知甲方提前终止本合同。", "termination_for_convenience"),
    ("", "乙方可以将收款账户变更通知甲方。", "assignment"),
    # the vendor surveying satisfaction for its own use is no client evaluation; a rulebook's name is no data duty
    ("服务满意度调查", "乙方每年自行开展一次满意度调查，结果仅用于内部改进。", "evaluation"),
    ("", "本人已阅读公司《数据安全管理规定》。", "data_protection"),
    # a tax rate is no standard; the duty's period in a pledge is no service term; a party's address line is no duty
    ("", "增值税税率不低于6%的，按票面结算。", "service_standards"),
    ("", "本人在服务期间及离开后两年内保守秘密。", "service_term"),
    ("", "甲方：上海某某科技有限公司", "rights_obligations"),
    ("", "甲方将收款账户转给财务部管理。", "assignment"),
    ("", "每月工资由乙方于15日前发放。", "liquidated_damages"),
    ("", "甲方、乙方和丙方均应保密。", "confidential_info_definition"),
]


@pytest.mark.parametrize(("heading", "text", "category"), ABSENT)
def test_silent_when_absent(categories: dict[str, Category], heading: str, text: str, category: str) -> None:
    assert category not in found(categories, text, heading)


# A clause with blanks to fill is the clause: the blank is the placeholder checks' finding, not "missing".
BLANK = [
    ("", "甲方委托乙方处理________事务。", "service_scope"),
    ("", "乙方向甲方提供________服务，具体内容见附件____。", "service_scope"),
    ("", "本合同服务期限自____年__月__日起至____年__月__日止。", "service_term"),
    ("", "合同总价为人民币________元（大写：____________）。", "price"),
    ("", "甲方应于每月____日前支付上月服务费至乙方账户。", "payment"),
    ("", "质保期为验收合格之日起____个月。", "warranty"),
    ("", "因本合同发生的争议，提交________仲裁委员会仲裁。", "dispute_resolution"),
    ("", "本合同适用□中华人民共和国法律。", "governing_law"),
    ("", "甲方（盖章）： 法定代表人或授权代表（签字）： 签约日期：____年__月__日", "signatures"),
    ("", "违约方应向守约方支付违约金人民币____元。", "breach_liability"),
]


@pytest.mark.parametrize(("heading", "text", "category"), BLANK)
def test_a_clause_with_blanks_is_present(categories: dict[str, Category], heading: str, text: str,
                                        category: str) -> None:
    assert category in found(categories, text, heading)
