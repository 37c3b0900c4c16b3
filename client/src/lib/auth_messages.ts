// What to tell a person when Supabase Auth refuses them, by the error code it sends.
const messages: Record<string, string> = {
  invalid_credentials: "Wrong email or password.",
  user_already_exists: "An account with this email already exists. Sign in instead.",
  email_exists: "An account with this email already exists. Sign in instead.",
  weak_password: "Choose a longer password (at least 6 characters).",
  validation_failed: "Check the email address and password.",
  email_address_invalid: "That email address is not valid.",
  over_request_rate_limit: "Too many attempts. Wait a minute and try again.",
};

export function authMessage(error: { code?: string; message?: string; status?: number }): string {
  const known = error.code ? messages[error.code] : undefined;
  if (known) return known;
  if (error.status === 0 || /fetch|network/i.test(error.message ?? "")) {
    return "Cannot reach the sign-in service. Check your connection and try again.";
  }
  return error.message || "Sign-in failed.";
}
