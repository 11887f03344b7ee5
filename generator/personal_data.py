"""The personal information an HR contract's 附件四《委托处理个人信息清单》 lists (legal review 2, N3).

An HR payroll and social-insurance service processes more than a request tends to list: filing
individual income tax needs the special additional deductions (the employees' children, spouses and
parents; serious-illness medical costs), and sick pay, 医疗期, 工伤 and 生育 need health data. The
schedule is the one list the data-protection article and art. 1 rely on (PIPL art. 21), so for HR
these items are added to what the request gives, the two types marked sensitive (PIPL art. 28: health
data and minors' information), and the additions are listed among the defaults applied.
"""

from __future__ import annotations

from clause_library.models import Lang, OutsourcingKind

from .request import LocalText, PersonalDataType, PersonalInformation, ServiceContractRequest

__all__ = ["listed_personal_information"]

# Labels (labels.yaml) of what an HR service always processes: subjects, then sensitive types.
_HR_SUBJECTS = ("pi_hr_dependants",)
_HR_SENSITIVE_TYPES = ("pi_hr_special_deductions", "pi_hr_health")


def listed_personal_information(
    req: ServiceContractRequest, labels: dict[str, dict[Lang, str]]
) -> tuple[PersonalInformation | None, list[tuple[str, str]]]:
    """The personal information the schedule lists for ``req``, and what was added to the request's
    list as (field, text) defaults; the request's own list unchanged for IT and BPO."""
    pi = req.personal_information
    if pi is None or req.outsourcing is not OutsourcingKind.hr:
        return pi, []

    def text(key: str) -> LocalText:
        return LocalText(zh=labels[key][Lang.zh], en=labels[key][Lang.en])

    added_subjects: list[str] = []
    subjects = list(pi.subjects)
    for key in _HR_SUBJECTS:
        if all(s.zh != labels[key][Lang.zh] for s in subjects):
            subjects.append(text(key))
            added_subjects.append(labels[key][Lang.zh])
    added_types: list[str] = []
    types = list(pi.types)
    for key in _HR_SENSITIVE_TYPES:
        name = labels[key][Lang.zh]
        same = [i for i, t in enumerate(types) if t.name.zh == name]
        if same and all(types[i].sensitive for i in same):
            continue
        types = [t for t in types if t.name.zh != name] + [PersonalDataType(name=text(key), sensitive=True)]
        added_types.append(f"{name} (sensitive)")
    added = [(f"personal_information.{field} (HR payroll, added)", "; ".join(items))
             for field, items in (("subjects", added_subjects), ("types", added_types)) if items]
    return pi.model_copy(update={"subjects": subjects, "types": types}), added
