-- Seed: the 15 window-unit types (SPEC 2.1) and checklist v1 (SPEC 2.2), published.
-- Generated from one table for both backends; keep migrations/postgres and migrations/sqlite identical here.

INSERT INTO unit_types (code, name, name_en, position) VALUES
  ('EMP', '公共就业服务机构', 'Public employment service centre', 1),
  ('TAL', '人才服务机构（人事档案）', 'Talent and personnel-file service centre', 2),
  ('PEN', '企业职工养老保险经办', 'Enterprise employees'' pension office', 3),
  ('RES', '城乡居民养老保险经办', 'Urban and rural residents'' pension office', 4),
  ('INJ', '工伤保险经办', 'Work-injury insurance office', 5),
  ('UNE', '失业保险经办', 'Unemployment insurance office', 6),
  ('CRD', '社会保障卡服务网点', 'Social-security card outlet', 7),
  ('LAB', '劳动保障监察机构', 'Labour inspection brigade', 8),
  ('ARB', '劳动人事争议仲裁院', 'Labour and personnel dispute arbitration court', 9),
  ('CAP', '劳动能力鉴定机构', 'Work-capacity appraisal office', 10),
  ('EXM', '人事考试机构', 'Personnel examination centre', 11),
  ('SKL', '职业技能评价机构', 'Vocational skill appraisal centre', 12),
  ('HOT', '12333 电话咨询服务', '12333 hotline', 13),
  ('GRS', '基层劳动就业社会保障服务平台', 'Street/township service station', 14),
  ('HAL', '政务服务大厅人社综合窗口', 'HRSS counters in the government service hall', 15);

INSERT INTO checklists (id, version, status, created_at, published_at) VALUES
  ('00000000-0000-4000-8000-000000000001', 1, 'draft', '2026-01-01 00:00:00', NULL);

INSERT INTO checklist_items (checklist_id, position, code, title, title_en, guidance, kind, measure_unit, minor_above, major_above, unanswered_is_major, weight, critical, applies_to, optional_for) VALUES
  ('00000000-0000-4000-8000-000000000001', 1, 'ATT-01', '生冷硬顶横', 'Cold or harsh attitude', '工作人员态度生硬、冷漠、顶撞或蛮横对待办事群众。', 'judgement', NULL, NULL, NULL, FALSE, 10, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 2, 'ATT-02', '推诿扯皮，"和我没关系"', 'Deflecting responsibility', '以"不归我管""和我没关系"等理由推诿，或在科室、窗口间来回推诿。', 'judgement', NULL, NULL, NULL, FALSE, 8, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 3, 'ATT-03', '爱答不理、不耐烦', 'Ignoring or impatient', '对咨询不予理睬、答复敷衍，或表现出明显的不耐烦。', 'judgement', NULL, NULL, NULL, FALSE, 6, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 4, 'ATT-04', '首问负责制未落实', 'First-contact responsibility not honoured', '首位接待人员未负责解答、引导或转办，让群众自行寻找。', 'judgement', NULL, NULL, NULL, FALSE, 6, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 5, 'ATT-05', '未使用文明规范用语', 'Rude or non-standard language', '未使用"您好""请"等文明规范用语，或使用不文明语言。', 'judgement', NULL, NULL, NULL, FALSE, 4, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 6, 'PRC-01', '索要证件材料过多', 'Excess documents demanded', '记录超出公开办事指南所列清单的证件、材料份数。', 'measurement', 'documents', NULL, 0, FALSE, 10, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 7, 'PRC-02', '填写表格过滥', 'Excess forms', '记录超出规定须填写的表格张数：1张为一般问题，2张及以上为严重问题。', 'measurement', 'forms', 0, 1, FALSE, 8, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 8, 'PRC-03', '办事环节繁琐', 'Cumbersome steps or stamps', '办事环节、签字盖章过多，或要求群众往返多个部门。', 'judgement', NULL, NULL, NULL, FALSE, 8, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 9, 'PRC-04', '索要政策外承诺书、保证书、证明', 'Guarantees or certificates beyond policy', '要求提供政策规定以外的承诺书、保证书或各类证明。', 'judgement', NULL, NULL, NULL, FALSE, 8, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 10, 'PRC-05', '未一次性告知', 'Requirements not told all at once', '未一次性告知所需材料和办理流程，导致群众补交材料。', 'judgement', NULL, NULL, NULL, FALSE, 6, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 11, 'PRC-06', '"最多跑一次"未落实', 'Citizen must come back', '记录办结所需往返次数：超过1次为严重问题。', 'measurement', 'trips', NULL, 1, FALSE, 10, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 12, 'PRC-07', '排队等候时间过长', 'Long wait', '记录从取号到开始办理的分钟数：超过15分钟为一般问题，超过30分钟为严重问题。', 'measurement', 'minutes', 15, 30, FALSE, 6, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 13, 'PRC-08', '超时限办理', 'Promised time limit exceeded', '超过承诺时限仍未办结，且未说明原因。', 'judgement', NULL, NULL, NULL, FALSE, 6, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 14, 'CMP-01', '业务不熟练', 'Unfamiliar with the business', '操作不熟练、办理明显迟缓，或需反复请教他人。', 'judgement', NULL, NULL, NULL, FALSE, 6, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 15, 'CMP-02', '政策解读不准确', 'Inaccurate policy explanation', '政策解释错误或前后矛盾，可能误导群众。', 'judgement', NULL, NULL, NULL, FALSE, 8, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 16, 'CMP-03', '无法答复或答非所问', 'Unable to answer, evasive', '对常见业务问题无法答复，或答非所问、含糊其辞。', 'judgement', NULL, NULL, NULL, FALSE, 6, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 17, 'DSC-01', '脱岗、离岗、空岗', 'Post unattended', '工作时间窗口无人，或工作人员擅自离岗。', 'judgement', NULL, NULL, NULL, FALSE, 8, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 18, 'DSC-02', '工作时间做与工作无关的事', 'Personal business on duty', '工作时间玩手机、闲聊、购物、吃零食等。', 'judgement', NULL, NULL, NULL, FALSE, 6, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 19, 'DSC-03', '未亮证亮牌、着装不规范', 'No badge, improper attire', '未佩戴工作证或摆放岗位牌，着装不符合规定。', 'judgement', NULL, NULL, NULL, FALSE, 3, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 20, 'DSC-04', '吃拿卡要、收受财物', 'Soliciting or accepting gifts', '索取或收受群众财物、故意刁难，一经发现即为不合格。', 'judgement', NULL, NULL, NULL, FALSE, 100, TRUE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 21, 'DSC-05', '服务承诺、岗位职责公示未落实', 'Posted commitments not honoured', '服务承诺、岗位职责未公示，或公示内容未落实。', 'judgement', NULL, NULL, NULL, FALSE, 4, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 22, 'ENV-01', '标识导向不清', 'Unclear signage', '窗口标识、导向指引缺失或不清晰。', 'judgement', NULL, NULL, NULL, FALSE, 3, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 23, 'ENV-02', '环境不整洁', 'Untidy premises', '服务场所脏乱，物品摆放杂乱。', 'judgement', NULL, NULL, NULL, FALSE, 3, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 24, 'ENV-03', '便民设施不完备', 'Missing convenience facilities', '缺少座椅、饮水、纸笔、老花镜等便民设施，或设施损坏。', 'judgement', NULL, NULL, NULL, FALSE, 3, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 25, 'ENV-04', '无障碍及适老化服务缺失', 'No accessible or elderly-friendly service', '缺少无障碍通道、爱心窗口或适老化服务措施。', 'judgement', NULL, NULL, NULL, FALSE, 6, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 26, 'ENV-05', '办事指南未公示或与实际不符', 'Service guide missing or wrong', '办事指南未公示，或所列材料、流程与实际办理不一致。', 'judgement', NULL, NULL, NULL, FALSE, 4, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 27, 'ENV-06', '安全隐患', 'Safety hazard', '消防通道堵塞、设施破损等安全隐患。', 'judgement', NULL, NULL, NULL, FALSE, 4, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 28, 'DIG-01', '电话无人接听或长时间等待', 'Hotline unanswered or long hold', '记录接通前等待秒数：超过60秒为一般问题，超过180秒或无人接听为严重问题。', 'measurement', 'seconds', 60, 180, TRUE, 6, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]'),
  ('00000000-0000-4000-8000-000000000001', 29, 'DIG-02', '网上、掌上办理不可用', 'Online service unavailable', '网上或掌上办事渠道无法使用、频繁出错，或与线下要求不一致。', 'judgement', NULL, NULL, NULL, FALSE, 6, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]'),
  ('00000000-0000-4000-8000-000000000001', 30, 'DIG-03', '自助终端故障或无人指导', 'Self-service terminal broken', '自助终端故障、停用，或无人指导使用。', 'judgement', NULL, NULL, NULL, FALSE, 3, FALSE, '["ARB", "CAP", "CRD", "EMP", "EXM", "GRS", "HAL", "HOT", "INJ", "LAB", "PEN", "RES", "SKL", "TAL", "UNE"]', '[]');

UPDATE checklists SET status = 'published', published_at = '2026-01-01 00:00:00'
  WHERE id = '00000000-0000-4000-8000-000000000001';
