"""The portal's words, Chinese first with English beside: one table, so that every page says things alike."""

from __future__ import annotations

import datetime as dt

from clause_library.models import Lang

__all__ = ["TEXTS", "date_text", "text"]

TEXTS: dict[str, dict[Lang, str]] = {
    "portal": {Lang.zh: "外包合同平台", Lang.en: "Outsourcing contracts"},
    "sign_in": {Lang.zh: "登录", Lang.en: "Sign in"},
    "sign_out": {Lang.zh: "退出", Lang.en: "Sign out"},
    "username": {Lang.zh: "用户名", Lang.en: "Username"},
    "password": {Lang.zh: "密码", Lang.en: "Password"},
    "bad_sign_in": {Lang.zh: "用户名或密码不正确，或该账户已停用。", Lang.en: "Wrong username or password, or the "
                    "account is disabled."},
    "wait": {Lang.zh: "登录失败次数过多，请 {minutes} 分钟后再试。", Lang.en: "Too many failed sign-ins: try again "
             "in {minutes} minute(s)."},
    "signed_in_as": {Lang.zh: "当前账户", Lang.en: "Signed in as"},
    "roles": {Lang.zh: "角色", Lang.en: "Roles"},
    "since": {Lang.zh: "开通日期", Lang.en: "Since"},
    "role_requester": {Lang.zh: "业务申请人", Lang.en: "Requester"},
    "role_legal": {Lang.zh: "法务", Lang.en: "Legal"},
    "role_finance": {Lang.zh: "财务", Lang.en: "Finance"},
    "role_business": {Lang.zh: "业务审批人", Lang.en: "Business approver"},
    "role_admin": {Lang.zh: "管理员", Lang.en: "Administrator"},
    "change_password": {Lang.zh: "修改密码", Lang.en: "Change password"},
    "current_password": {Lang.zh: "当前密码", Lang.en: "Current password"},
    "new_password": {Lang.zh: "新密码（至少 {n} 个字符）", Lang.en: "New password (at least {n} characters)"},
    "repeat_password": {Lang.zh: "再次输入新密码", Lang.en: "New password again"},
    "passwords_differ": {Lang.zh: "两次输入的新密码不一致。", Lang.en: "The two new passwords differ."},
    "password_changed": {Lang.zh: "密码已修改。", Lang.en: "Password changed."},
    "save": {Lang.zh: "保存", Lang.en: "Save"},
    "forbidden": {Lang.zh: "无权访问此页面。", Lang.en: "You may not open this page."},
    "stale_form": {Lang.zh: "表单已过期或来源不明，请返回后重新提交。", Lang.en: "The form has expired or did not "
                   "come from this site: go back and send it again."},
    "not_found": {Lang.zh: "页面不存在。", Lang.en: "No such page."},
    "other_language": {Lang.zh: "English", Lang.en: "中文"},
    "review": {Lang.zh: "审阅合同", Lang.en: "Review a contract"},
    "review_help": {Lang.zh: "上传合同（.docx、.pdf 或 .txt，不超过 50 MB），"
                             "查看缺少的必备条款、金额与日期问题和待填空白。",
                    Lang.en: "Upload a contract (.docx, .pdf or .txt, up to 50 MB) to see missing mandatory clauses, "
                    "wrong figures and dates, and blanks left to fill."},
    "document": {Lang.zh: "文件", Lang.en: "Document"},
    "upload": {Lang.zh: "上传并审阅", Lang.en: "Upload and review"},
    "my_reviews": {Lang.zh: "我的审阅记录", Lang.en: "My reviews"},
    "no_reviews": {Lang.zh: "尚无审阅记录。", Lang.en: "No reviews yet."},
    "too_large": {Lang.zh: "文件超过 50 MB，请拆分后再上传，或上传 PDF。", Lang.en: "The file is over 50 MB: split it, "
                  "or upload the PDF."},
    "no_file": {Lang.zh: "请选择要上传的文件。", Lang.en: "Choose a file to upload."},
    "unreadable": {Lang.zh: "无法读取该文件：{reason}", Lang.en: "The file cannot be read: {reason}"},
    "report": {Lang.zh: "审阅报告", Lang.en: "Review report"},
    "blockers": {Lang.zh: "{n} 个阻断问题", Lang.en: "{n} blocker(s)"},
    "no_blockers": {Lang.zh: "无阻断问题", Lang.en: "No blockers"},
    "findings": {Lang.zh: "审阅意见", Lang.en: "Findings"},
    "role": {Lang.zh: "角色", Lang.en: "Role"},
    "kind": {Lang.zh: "文件类型", Lang.en: "Kind"},
    "reviewed_on": {Lang.zh: "审阅日期", Lang.en: "Reviewed on"},
    "count": {Lang.zh: "{n} 处", Lang.en: "{n} place(s)"},
    "where": {Lang.zh: "位置", Lang.en: "Where"},
    "severity_blocker": {Lang.zh: "阻断", Lang.en: "Blocker"},
    "severity_warning": {Lang.zh: "警告", Lang.en: "Warning"},
    "severity_info": {Lang.zh: "提示", Lang.en: "Info"},
    "unread": {Lang.zh: "未能读取文字（扫描件？），未作审阅。",
               Lang.en: "No text could be read (a scan?): not reviewed."},
}


def text(key: str, lang: Lang, **values: object) -> str:
    """The words ``key`` in ``lang``, with ``values`` filled in."""
    return TEXTS[key][lang].format(**values) if values else TEXTS[key][lang]


def date_text(day: dt.date | dt.datetime, lang: Lang) -> str:
    """A date as a Chinese reader writes it (2026年4月1日), or 1 April 2026."""
    if lang is Lang.zh:
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"
