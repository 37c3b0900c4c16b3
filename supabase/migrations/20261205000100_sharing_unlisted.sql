-- Sharing (issue 15, seed 001's public prompts): a prompt is private, unlisted (readable only
-- through its share link) or public (readable by everyone, listed in the gallery). The enum
-- gets its new value in a migration of its own: a value added to an enum cannot be used in the
-- transaction that adds it.

alter type public.prompt_visibility add value if not exists 'unlisted' after 'private';

-- A fork's first version says where it came from.
alter type public.prompt_version_source add value if not exists 'fork';
