// What the api function needs from the outside world, built once per worker from its env.
// Tests build the same object against the running stack; nothing reads env deeper than here.
import { Redis } from "@upstash/redis";
import { type Config, parseConfig } from "../_shared/config.ts";
import { createSql, type Sql } from "../_shared/db.ts";

export interface Deps {
  config: Config;
  sql: Sql;
  redis: Redis;
}

export function createDeps(env: Record<string, string | undefined>): Deps {
  const config = parseConfig(env);
  return {
    config,
    sql: createSql(config),
    // No automatic retries: a quota check must fail fast (and closed) when Redis is down.
    redis: new Redis({ url: config.redisUrl, token: config.redisToken, retry: false }),
  };
}
