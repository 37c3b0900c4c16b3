-- Table privileges that anon and authenticated never hold on tables in public: TRUNCATE (it
-- skips RLS and row triggers, and empties the table for every user), REFERENCES and TRIGGER
-- (of use only to a role that makes its own tables or triggers, which API roles never should).
-- Supabase's default grants on public include all three; changing the defaults means no table
-- created in public by postgres (every migration) is born with them.

alter default privileges for role postgres in schema public
  revoke truncate, references, trigger on tables from anon, authenticated;

-- Tables made before this migration ran (on a project that had any) lose them too.
revoke truncate, references, trigger on all tables in schema public from anon, authenticated;

