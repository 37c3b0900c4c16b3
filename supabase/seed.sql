-- Seed data for a fresh local database (run once after migrations by the local stack and by
-- `supabase db reset`). Reference data lives in migrations; demo content comes from
-- `npm run seed:demo`.
select 1;
