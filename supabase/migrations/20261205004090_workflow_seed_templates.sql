-- Two system workflow templates (issue 17), runnable end to end on the LLM stand-in: seed 003's
-- "Typographic / Etymology Visual Essay" (intent word, angle, audience, length; five gates) and
-- a short research brief (three gates). Each stage asks for structured output, and its artifact
-- is written from the answer's fields as Markdown sections, so the checks (file_exists,
-- contains_headings, json_schema) judge what the model gave. A directive like
-- [[standin:misfit;times=9]] in an intent field makes the stand-in's answers miss, to test
-- retries and pauses.

with t as (
  insert into public.workflow_templates (slug, name, description, type, depth, tags, what_you_get,
    estimated_minutes, step_count, is_featured, sort_order)
  values ('typographic-etymology', 'Typographic / Etymology Visual Essay',
    'A visual essay on one word: where it comes from, how its letters and meaning travelled, told as a typographic sequence.',
    'visual-essay', 'standard', array['visual-essay', 'etymology', 'typography'],
    '["Parsed intent and search terms", "Etymology research notes (CONCEPTS.md)", "Typographic sequence (SEQUENCE.md)", "Multi-chapter essay (ESSAY.md)", "Citation and tone audit"]',
    5, 5, true, 10)
  returning id
)
insert into public.workflow_specs (template_id, version, content_hash, intent_schema, stages,
  qa_config, output_guarantees, cost_profile, artifact_type, output_formats)
select t.id, 1, 'sha256:' || repeat('0', 64),
  '[
    {"field": "word", "type": "string", "required": true, "max_length": 200, "description": "The word to research"},
    {"field": "angle", "type": "enum", "options": ["etymology", "cultural", "linguistic", "historical"], "default": "etymology", "description": "The essay''s angle"},
    {"field": "audience", "type": "enum", "options": ["general", "academic", "expert"], "default": "general", "description": "Who reads it"},
    {"field": "length", "type": "enum", "options": ["6min", "12min", "20min"], "default": "12min", "description": "Reading time"}
  ]',
  '[
    {"id": "intent", "gate": "G1", "name": "Intent Parsing", "phase": "intake", "agent": "intent-parser",
     "model": "anthropic/claude-3.5-haiku", "max_attempts": 3, "required": true,
     "prompt": "Parse this request for a typographic etymology visual essay. Word: {{word}}. Angle: {{angle}}. Audience: {{audience}}. Reading time: {{length}}. Answer in JSON with the word, search terms and the essay''s focus.",
     "outputs": [{"name": "parsed_intent", "type": "structured"}],
     "response_schema": {"type": "object", "additionalProperties": false, "required": ["word", "search_terms", "focus"],
       "properties": {"word": {"type": "string", "minLength": 1}, "search_terms": {"type": "array", "minItems": 1, "items": {"type": "string"}}, "focus": {"type": "string", "minLength": 1}}},
     "checks": ["Intent structure"],
     "artifact": {"file_name": "INTENT.json", "path": "intake/INTENT.json", "content_type": "application/json", "artifact_type": "intake"}},
    {"id": "research", "gate": "G2", "name": "Etymology Research", "phase": "research", "agent": "concept-research-agent",
     "model": "anthropic/claude-3.5-haiku", "max_attempts": 3, "required": true,
     "prompt": "Research the word {{word}} for a {{audience}} audience, angle {{angle}}. Parsed intent: {{intent}}. Answer in JSON: origin (the root and language), development (how form and meaning changed, with dates), related (cognates and related words).",
     "outputs": [{"name": "concepts", "type": "markdown"}],
     "response_schema": {"type": "object", "additionalProperties": false, "required": ["origin", "development", "related"],
       "properties": {"origin": {"type": "string", "minLength": 20}, "development": {"type": "string", "minLength": 20}, "related": {"type": "string", "minLength": 20}}},
     "checks": ["Concepts file", "Concepts headings"],
     "artifact": {"file_name": "CONCEPTS.md", "path": "research/CONCEPTS.md", "content_type": "text/markdown", "artifact_type": "research", "title": "Concepts",
       "sections": [{"heading": "Origin", "field": "origin"}, {"heading": "Historical Development", "field": "development"}, {"heading": "Related Words", "field": "related"}]}},
    {"id": "sequence", "gate": "G3", "name": "Typographic Sequence", "phase": "design", "agent": "typography-designer",
     "model": "anthropic/claude-3.5-haiku", "max_attempts": 3, "required": true,
     "prompt": "Design a typographic sequence for the word {{word}} from this research: {{research}}. Answer in JSON: opening (the first spread), letterforms (how the letters change across scripts), timeline (the visual timeline).",
     "outputs": [{"name": "sequence", "type": "markdown"}],
     "response_schema": {"type": "object", "additionalProperties": false, "required": ["opening", "letterforms", "timeline"],
       "properties": {"opening": {"type": "string", "minLength": 20}, "letterforms": {"type": "string", "minLength": 20}, "timeline": {"type": "string", "minLength": 20}}},
     "checks": ["Sequence file", "Sequence headings"],
     "artifact": {"file_name": "SEQUENCE.md", "path": "design/SEQUENCE.md", "content_type": "text/markdown", "artifact_type": "design", "title": "Sequence",
       "sections": [{"heading": "Opening", "field": "opening"}, {"heading": "Letterforms", "field": "letterforms"}, {"heading": "Timeline", "field": "timeline"}]}},
    {"id": "essay", "gate": "G4", "name": "Essay Draft", "phase": "production", "agent": "essay-writer",
     "model": "openai/gpt-4o", "max_attempts": 3, "required": true,
     "prompt": "Write a {{length}} visual essay on {{word}} for a {{audience}} audience from the research {{research}} and the sequence {{sequence}}. Answer in JSON: introduction, chapters (the body, chapter by chapter), conclusion.",
     "outputs": [{"name": "essay", "type": "markdown"}],
     "response_schema": {"type": "object", "additionalProperties": false, "required": ["introduction", "chapters", "conclusion"],
       "properties": {"introduction": {"type": "string", "minLength": 20}, "chapters": {"type": "string", "minLength": 20}, "conclusion": {"type": "string", "minLength": 20}}},
     "checks": ["Essay file", "Essay headings", "Essay length"],
     "artifact": {"file_name": "ESSAY.md", "path": "essay/ESSAY.md", "content_type": "text/markdown", "artifact_type": "essay", "title": "Essay",
       "sections": [{"heading": "Introduction", "field": "introduction"}, {"heading": "Chapters", "field": "chapters"}, {"heading": "Conclusion", "field": "conclusion"}]}},
    {"id": "audit", "gate": "G5", "name": "Citation and Tone Audit", "phase": "audit", "agent": "audit-agent",
     "model": "anthropic/claude-3.5-haiku", "max_attempts": 2, "required": false,
     "prompt": "Audit this essay on {{word}} for unsupported claims and tone: {{essay}}. Answer in JSON: verdict (pass or revise) and notes.",
     "outputs": [{"name": "audit", "type": "structured"}],
     "response_schema": {"type": "object", "additionalProperties": false, "required": ["verdict", "notes"],
       "properties": {"verdict": {"type": "string", "enum": ["pass", "revise"]}, "notes": {"type": "string"}}},
     "checks": ["Audit structure", "Audit verdict"],
     "artifact": {"file_name": "AUDIT.json", "path": "audit/AUDIT.json", "content_type": "application/json", "artifact_type": "audit"}}
  ]',
  '{
    "min_pass_rate": 0.5, "block_on_critical": true, "generate_report": true,
    "checks": [
      {"name": "Intent structure", "type": "json_schema", "severity": "critical", "required": true, "fail_code": "INTENT_MALFORMED",
       "config": {"schema": {"type": "object", "required": ["word", "search_terms", "focus"]}}},
      {"name": "Concepts file", "type": "file_exists", "severity": "critical", "required": true, "fail_code": "MISSING_ARTIFACT", "config": {"file": "CONCEPTS.md"}},
      {"name": "Concepts headings", "type": "contains_headings", "severity": "warning", "required": true, "fail_code": "HEADING_MISMATCH",
       "config": {"file": "CONCEPTS.md", "headings": ["Origin", "Historical Development", "Related Words"]}},
      {"name": "Sequence file", "type": "file_exists", "severity": "critical", "required": true, "fail_code": "MISSING_ARTIFACT", "config": {"file": "SEQUENCE.md"}},
      {"name": "Sequence headings", "type": "contains_headings", "severity": "warning", "required": true, "fail_code": "HEADING_MISMATCH",
       "config": {"file": "SEQUENCE.md", "headings": ["Opening", "Letterforms", "Timeline"]}},
      {"name": "Essay file", "type": "file_exists", "severity": "critical", "required": true, "fail_code": "MISSING_ARTIFACT", "config": {"file": "ESSAY.md"}},
      {"name": "Essay headings", "type": "contains_headings", "severity": "warning", "required": true, "fail_code": "HEADING_MISMATCH",
       "config": {"file": "ESSAY.md", "headings": ["Introduction", "Chapters", "Conclusion"]}},
      {"name": "Essay length", "type": "max_length", "severity": "info", "required": false, "fail_code": "ESSAY_TOO_LONG", "config": {"max": 60000}},
      {"name": "Audit structure", "type": "json_schema", "severity": "critical", "required": true, "fail_code": "AUDIT_MALFORMED",
       "config": {"schema": {"type": "object", "required": ["verdict", "notes"]}}},
      {"name": "Audit verdict", "type": "regex", "severity": "warning", "required": false, "fail_code": "AUDIT_REVISE",
       "config": {"pattern": "\"verdict\"\\s*:\\s*\"pass\""}}
    ]
  }',
  '[
    {"type": "structure", "threshold": "100%", "description": "Multi-chapter visual essay with a typographic sequence and timeline"},
    {"type": "content", "threshold": "90%", "description": "Etymology traced from origin to present"},
    {"type": "quality", "threshold": "100%", "description": "Every gate''s checks passed or were explicitly skipped"}
  ]',
  '{"min": {"cost_usd": 0.01, "tokens": 4000}, "typical": {"cost_usd": 0.05, "tokens": 9000}, "max": {"cost_usd": 0.5, "tokens": 30000}}',
  'visual-essay', array['markdown', 'json']
from t;

with t as (
  insert into public.workflow_templates (slug, name, description, type, depth, tags, what_you_get,
    estimated_minutes, step_count, is_featured, sort_order)
  values ('research-brief', 'Research Brief',
    'A short research brief on a topic: the question and scope, the findings with their evidence, and a one-page brief with recommendations.',
    'research', 'quick', array['research', 'brief'],
    '["Scope of the question (SCOPE.md)", "Findings with evidence (FINDINGS.md)", "One-page brief (BRIEF.md)"]',
    2, 3, false, 20)
  returning id
)
insert into public.workflow_specs (template_id, version, content_hash, intent_schema, stages,
  qa_config, output_guarantees, cost_profile, artifact_type, output_formats)
select t.id, 1, 'sha256:' || repeat('0', 64),
  '[
    {"field": "topic", "type": "string", "required": true, "max_length": 300, "description": "What to research"},
    {"field": "audience", "type": "enum", "options": ["general", "executive", "technical"], "default": "general", "description": "Who reads the brief"}
  ]',
  '[
    {"id": "scope", "gate": "G1", "name": "Scope", "phase": "intake", "agent": "scoping-agent",
     "model": "anthropic/claude-3.5-haiku", "max_attempts": 3, "required": true,
     "prompt": "Scope a research brief on {{topic}} for a {{audience}} audience. Answer in JSON: question (the question answered), scope (what is in and out).",
     "outputs": [{"name": "scope", "type": "markdown"}],
     "response_schema": {"type": "object", "additionalProperties": false, "required": ["question", "scope"],
       "properties": {"question": {"type": "string", "minLength": 10}, "scope": {"type": "string", "minLength": 10}}},
     "checks": ["Scope file", "Scope headings"],
     "artifact": {"file_name": "SCOPE.md", "path": "SCOPE.md", "content_type": "text/markdown", "artifact_type": "research", "title": "Scope",
       "sections": [{"heading": "Question", "field": "question"}, {"heading": "Scope", "field": "scope"}]}},
    {"id": "findings", "gate": "G2", "name": "Findings", "phase": "research", "agent": "research-agent",
     "model": "anthropic/claude-3.5-haiku", "max_attempts": 3, "required": true,
     "prompt": "Research {{topic}} within this scope: {{scope}}. Answer in JSON: findings (the key findings), evidence (the sources and data behind them), open_questions.",
     "outputs": [{"name": "findings", "type": "markdown"}],
     "response_schema": {"type": "object", "additionalProperties": false, "required": ["findings", "evidence", "open_questions"],
       "properties": {"findings": {"type": "string", "minLength": 10}, "evidence": {"type": "string", "minLength": 10}, "open_questions": {"type": "string"}}},
     "checks": ["Findings file", "Findings headings"],
     "artifact": {"file_name": "FINDINGS.md", "path": "FINDINGS.md", "content_type": "text/markdown", "artifact_type": "research", "title": "Findings",
       "sections": [{"heading": "Key Findings", "field": "findings"}, {"heading": "Evidence", "field": "evidence"}, {"heading": "Open Questions", "field": "open_questions"}]}},
    {"id": "brief", "gate": "G3", "name": "Brief", "phase": "publication", "agent": "brief-writer",
     "model": "anthropic/claude-3.5-haiku", "max_attempts": 3, "required": true,
     "prompt": "Write a one-page brief on {{topic}} for a {{audience}} audience from these findings: {{findings}}. Answer in JSON: summary, recommendations.",
     "outputs": [{"name": "brief", "type": "markdown"}],
     "response_schema": {"type": "object", "additionalProperties": false, "required": ["summary", "recommendations"],
       "properties": {"summary": {"type": "string", "minLength": 10}, "recommendations": {"type": "string", "minLength": 10}}},
     "checks": ["Brief file", "Brief headings", "Brief length"],
     "artifact": {"file_name": "BRIEF.md", "path": "BRIEF.md", "content_type": "text/markdown", "artifact_type": "brief", "title": "Brief",
       "sections": [{"heading": "Summary", "field": "summary"}, {"heading": "Recommendations", "field": "recommendations"}]}}
  ]',
  '{
    "min_pass_rate": 0.5, "block_on_critical": true,
    "checks": [
      {"name": "Scope file", "type": "file_exists", "severity": "critical", "required": true, "fail_code": "MISSING_ARTIFACT", "config": {"file": "SCOPE.md"}},
      {"name": "Scope headings", "type": "contains_headings", "severity": "warning", "required": true, "fail_code": "HEADING_MISMATCH",
       "config": {"file": "SCOPE.md", "headings": ["Question", "Scope"]}},
      {"name": "Findings file", "type": "file_exists", "severity": "critical", "required": true, "fail_code": "MISSING_ARTIFACT", "config": {"file": "FINDINGS.md"}},
      {"name": "Findings headings", "type": "contains_headings", "severity": "warning", "required": false, "fail_code": "HEADING_MISMATCH",
       "config": {"file": "FINDINGS.md", "headings": ["Key Findings", "Evidence", "Open Questions"]}},
      {"name": "Brief file", "type": "file_exists", "severity": "critical", "required": true, "fail_code": "MISSING_ARTIFACT", "config": {"file": "BRIEF.md"}},
      {"name": "Brief headings", "type": "contains_headings", "severity": "warning", "required": true, "fail_code": "HEADING_MISMATCH",
       "config": {"file": "BRIEF.md", "headings": ["Summary", "Recommendations"]}},
      {"name": "Brief length", "type": "max_length", "severity": "info", "required": false, "fail_code": "BRIEF_TOO_LONG", "config": {"max": 20000}}
    ]
  }',
  '[{"type": "structure", "threshold": "100%", "description": "Scope, findings with evidence, and a brief with recommendations"}]',
  '{"min": {"cost_usd": 0.005, "tokens": 2000}, "typical": {"cost_usd": 0.02, "tokens": 5000}, "max": {"cost_usd": 0.2, "tokens": 15000}}',
  'brief', array['markdown']
from t;
