-- The nightly retention job exists in cron.job at 03:00 UTC, and scheduling it is idempotent.
begin;
select plan(4);

select results_eq(
  $$select schedule, command from cron.job where jobname = 'prune-prompt-versions'$$,
  $$values ('0 3 * * *'::text, private.retention_job_command())$$,
  'the retention job runs the batched pruning nightly at 03:00');
select private.schedule_retention_job();
select private.schedule_retention_job();
select is((select count(*)::int from cron.job where jobname = 'prune-prompt-versions'), 1,
  'scheduling again replaces the job instead of adding one');
select is((select schedule from cron.job where jobname = 'prune-prompt-versions'), '0 3 * * *',
  'the replaced job keeps the schedule');
select ok(not has_function_privilege('authenticated', 'private.schedule_retention_job()', 'execute'),
  'signed-in users cannot reschedule it');

select * from finish();
rollback;
