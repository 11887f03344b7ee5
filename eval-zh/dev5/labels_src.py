# source of labels.csv: for each document, kind, outsourcing and the set of categories labelled 1
L = {}
L['d5_svc_01'] = ('service_contract','it','parties service_scope service_standards service_term price payment invoice_tax rights_obligations personnel evaluation information_security data_protection confidentiality confidential_info_definition ip_ownership change_management breach_liability liquidated_damages liability_cap force_majeure termination termination_for_convenience post_termination_services return_or_destruction dispute_resolution notices signatures')
L['d5_svc_02'] = ('service_contract','hr','parties service_scope service_standards service_term renewal price payment invoice_tax rights_obligations personnel data_protection confidentiality confidential_info_definition exclusions return_or_destruction survival assignment breach_liability liquidated_damages force_majeure termination post_termination_services change_management governing_law dispute_resolution signatures')
L['d5_svc_03'] = ('service_contract','bpo','parties service_scope service_standards service_term renewal price payment invoice_tax rights_obligations personnel evaluation audit_rights information_security data_protection confidentiality ip_ownership assignment breach_liability liquidated_damages insurance force_majeure termination termination_for_convenience post_termination_services non_solicitation dispute_resolution notices signatures')
L['d5_svc_04'] = ('service_contract','hr','parties service_scope service_standards service_term price payment invoice_tax rights_obligations personnel evaluation audit_rights change_management confidentiality confidential_info_definition ip_ownership assignment breach_liability liquidated_damages force_majeure termination termination_for_convenience post_termination_services dispute_resolution signatures')
L['d5_svc_05'] = ('service_contract','hr','parties service_scope service_standards service_term price payment invoice_tax rights_obligations personnel evaluation change_management information_security confidentiality confidential_info_definition ip_ownership return_or_destruction non_solicitation liquidated_damages breach_liability insurance termination post_termination_services governing_law dispute_resolution signatures')
L['d5_svc_06'] = ('service_contract','it','parties service_scope service_standards service_term price payment invoice_tax rights_obligations personnel audit_rights change_management information_security confidentiality exclusions ip_ownership warranty assignment breach_liability liquidated_damages liability_cap force_majeure termination termination_for_convenience post_termination_services notices dispute_resolution signatures')
L['d5_svc_07'] = ('service_contract','bpo','parties service_scope service_standards evaluation service_term renewal price payment invoice_tax rights_obligations audit_rights information_security data_protection return_or_destruction confidentiality confidential_info_definition assignment breach_liability liquidated_damages liability_cap force_majeure termination post_termination_services governing_law dispute_resolution signatures')
L['d5_svc_08'] = ('service_contract','hr','parties service_scope service_standards service_term price payment invoice_tax rights_obligations personnel assignment warranty confidentiality confidential_info_definition data_protection return_or_destruction termination termination_for_convenience post_termination_services breach_liability liquidated_damages dispute_resolution signatures')
L['d5_nda_01'] = ('nda','','parties confidential_info_definition confidentiality_obligations limited_use permitted_disclosure exclusions compelled_disclosure no_reverse_engineering no_license return_or_destruction confidentiality_term survival breach_liability governing_law dispute_resolution signatures')
L['d5_nda_02'] = ('nda','','parties confidentiality_obligations confidentiality limited_use confidentiality_term survival non_solicitation breach_liability liquidated_damages dispute_resolution signatures')
L['d5_pledge_01'] = ('pledge','','pledgor_identity training_acknowledgment confidential_info_definition confidentiality_obligations confidentiality return_or_destruction confidentiality_term survival information_security breach_liability signatures')
L['d5_pledge_02'] = ('pledge','','pledgor_identity confidential_info_definition information_security confidentiality_obligations confidentiality limited_use confidentiality_term breach_liability signatures')

# second pass: NDA-section categories in service contracts, service-section ones in NDAs
def add(name, cats):
    k, o, s = L[name]
    L[name] = (k, o, s + ' ' + cats)
add('d5_svc_01', 'confidentiality_obligations limited_use')
add('d5_svc_02', 'confidentiality_obligations limited_use')
add('d5_svc_03', 'confidentiality_obligations limited_use')
add('d5_svc_04', 'confidentiality_obligations')
add('d5_svc_05', 'confidentiality_obligations')
add('d5_svc_06', 'confidentiality_obligations')
add('d5_svc_07', 'confidentiality_obligations limited_use')
add('d5_svc_08', 'confidentiality_obligations limited_use')
add('d5_nda_01', 'confidentiality')
