-- Gallery search for a query most of the gallery matches (200 of the 1,000 most popular public
-- prompts): the candidates are those popular matches and the best title/goal/tag matches, still
-- ranked exactly; an unpopular prompt with the word in its title is found and comes first.
begin;
select plan(6);

select tests.create_supabase_user('gc_author');
select set_config('tests.author', tests.get_supabase_uid('gc_author')::text, true);

select tests.authenticate_as('gc_author');
select public.set_prompt_sharing(
  public.create_prompt(title => format('Helper %s', n), content => 'Act as a zqcommon assistant'),
  'public', 'productivity')
from generate_series(1, 250) n;
select public.set_prompt_sharing(
  public.create_prompt(title => 'Zqcommon coach', content => 'Coach the reader'),
  'public', 'productivity');
select public.set_prompt_sharing(
  public.create_prompt(title => 'Quiet one', content => 'A zqcommon note nobody liked'),
  'public', 'productivity');
-- Counters as the like and run triggers would leave them (the table owner here): the 250 are
-- the most popular prompts of the whole gallery, whatever other tests left behind.
select tests.clear_authentication();
update public.shared_prompts set likes_count = 1000000 + (random() * 1000)::int
where user_id = current_setting('tests.author')::uuid and title like 'Helper %';

select tests.authenticate_as_anon();
select is(
  (select count(*)::int from (
    select 1 from (select s.search_vector from public.shared_prompts s
      where s.visibility = 'public' order by s.likes_count desc, s.uses_count desc, s.prompt_id
      limit 1000) m
    where m.search_vector @@ to_tsquery('english', 'zqcommon') limit 200) x),
  200, 'the query is common: 200 of the 1,000 most popular match it');
select is(
  (select title from public.search_gallery('zqcommon', result_limit => 5) limit 1),
  'Zqcommon coach', 'an unpopular prompt with the word in its title is found, and ranks first');
select is(
  (select count(*)::int from public.search_gallery('zqcommon', result_limit => 100)), 100,
  'a full page of the popular matches');
select ok(
  (select bool_and(rank >= coalesce(next_rank, rank)) from (
    select rank, lead(rank) over (order by ordinality) as next_rank
    from public.search_gallery('zqcommon', result_limit => 100) with ordinality) r),
  'ranked by score, best first');
select is(
  (select title from public.search_gallery('zqcomm', result_limit => 5) limit 1),
  'Zqcommon coach', 'typed as a prefix, the same prompt comes first');
select is(
  (select count(*)::int from public.search_gallery('coach zqcommon', result_limit => 100)
   where title = 'Zqcommon coach'), 1, 'several words, one of them common');

select * from finish();
rollback;
