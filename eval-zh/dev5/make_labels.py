"""Rebuild labels.csv from labels_src.py (the per-document sets of categories labelled 1)."""
import csv, os, re
HERE = os.path.dirname(os.path.abspath(__file__))
SVC = ('parties service_scope service_standards service_term renewal price payment invoice_tax '
       'rights_obligations personnel evaluation audit_rights change_management information_security '
       'data_protection confidentiality ip_ownership assignment warranty breach_liability '
       'liquidated_damages liability_cap insurance force_majeure termination '
       'termination_for_convenience post_termination_services non_solicitation dispute_resolution '
       'governing_law notices signatures').split()
NDA = ('parties confidential_info_definition confidentiality_obligations limited_use '
       'permitted_disclosure exclusions compelled_disclosure confidentiality_term '
       'return_or_destruction no_license survival no_reverse_engineering non_solicitation '
       'breach_liability governing_law dispute_resolution signatures').split()
PLEDGE = ('pledgor_identity confidentiality_obligations confidentiality_term return_or_destruction '
          'training_acknowledgment breach_liability signatures').split()
COLS = []
for c in SVC + NDA + PLEDGE:
    if c not in COLS:
        COLS.append(c)
ns = {}
exec(open(os.path.join(HERE, 'labels_src.py'), encoding='utf-8').read(), ns)
L = ns['L']
rows = []
for name in sorted(L):
    kind, outs, ones = L[name]
    ones = ones.split()
    bad = [c for c in ones if c not in COLS]
    assert not bad, (name, bad)
    assert len(set(ones)) == len(ones), (name, 'duplicate')
    assert os.path.exists(os.path.join(HERE, 'docs', name + '.txt')), name
    rows.append(['docs/%s.txt' % name, kind, outs] + [1 if c in ones else 0 for c in COLS])
with open(os.path.join(HERE, 'labels.csv'), 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['file', 'kind', 'outsourcing'] + COLS)
    w.writerows(rows)
print(len(rows), 'rows,', len(COLS), 'categories')
