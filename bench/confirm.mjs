// Finishes a sign-up for the benchmarks: reads the link from the message the server wrote
// to its mail folder (no SMTP server configured), uses it, and prints the bearer token.
//   node bench/confirm.mjs BASE_URL MAIL_DIR EMAIL
import { waitForMail, linkToken } from '../tests/support/mail.mjs';

const [base, dir, email] = process.argv.slice(2);
const mail = await waitForMail(dir, email, { match: /verify#token=/ });
const res = await fetch(`${base}/api/v1/email-verifications`, {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: linkToken(mail) }),
});
if (res.status !== 201) throw new Error(`the sign-up link failed: ${res.status} ${await res.text()}`);
console.log((await res.json()).token);
