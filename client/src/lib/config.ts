// Where the client finds Supabase: set at build time (vite.config.ts fills in the local stack).
export const supabaseUrl: string = import.meta.env.VITE_SUPABASE_URL;
export const anonKey: string = import.meta.env.VITE_SUPABASE_ANON_KEY;
export const apiBaseUrl = `${supabaseUrl}/functions/v1/api`;
