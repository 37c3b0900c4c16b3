-- Provider limits are now enforced per user (requests per minute and per day, tokens per
-- minute, counted in Upstash). The local stand-in has no account or bill to protect, and the
-- benchmarks and concurrency tests send it thousands of requests a minute: no limits on it.
update public.providers
set requests_per_minute = null, requests_per_day = null, tokens_per_minute = null
where is_standin;
