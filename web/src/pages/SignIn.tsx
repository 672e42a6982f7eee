// The sign-in page: e-mail and password, "continue as visitor", and the live platform pulse.
import { usePulse, useStorepulse } from "@storepulse/client/react";
import { signInWithEmailAndPassword } from "firebase/auth";
import { useEffect, useState, type SyntheticEvent } from "react";
import { HourChart } from "../components/HourChart";
import { LiveBadge } from "../components/LiveBadge";
import { readProblem } from "../problems";
import { isStale } from "../pulse";

function useNow(everyMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => {
      setNow(Date.now());
    }, everyMs);
    return () => {
      window.clearInterval(timer);
    };
  }, [everyMs]);
  return now;
}

function PulsePanel() {
  const { data: pulse, live, error } = usePulse();
  const now = useNow(5000);
  if (error) return <p role="alert">{readProblem(error)}</p>;
  if (!pulse) return <p data-testid="pulse-waiting">Waiting for the first platform figures…</p>;
  const stale = isStale(pulse, now);
  return (
    <section className="pulse" aria-label="Platform pulse">
      <header>
        <h2>Storepulse right now</h2> <LiveBadge live={live} />
      </header>
      <dl className="figures">
        <div>
          <dt>Users</dt>
          <dd data-testid="pulse-total-users">{pulse.totalUsers}</dd>
        </div>
        <div>
          <dt>Active today</dt>
          <dd data-testid="pulse-active-today">{pulse.activeToday}</dd>
        </div>
        <div>
          <dt>Online now</dt>
          <dd data-testid="pulse-online-now">{pulse.onlineNow.total}</dd>
        </div>
      </dl>
      <HourChart hours={pulse.lastHours} />
      <ul className="tiers" aria-label="Customers per tier">
        {(["bronze", "silver", "gold", "platinum"] as const).map((tier) => (
          <li key={tier} className={`chip ${tier}`} data-testid={`tier-${tier}`}>
            {tier} {pulse.tierDistribution[tier]}
          </li>
        ))}
      </ul>
      <p className={stale ? "stale" : "as-of"} data-testid="pulse-as-of">
        {stale
          ? `These figures are from ${pulse.asOf.toLocaleTimeString()} and may be out of date.`
          : `as of ${pulse.asOf.toLocaleTimeString()}`}
      </p>
    </section>
  );
}

export function SignIn() {
  const sp = useStorepulse();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<string>();

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    signInWithEmailAndPassword(sp.auth, email, password).catch(() => {
      setProblem("That e-mail and password do not match an account.");
    });
  };
  const visit = () => {
    sp.ensureSignedIn().catch(() => {
      setProblem("Could not start a visitor session.");
    });
  };
  return (
    <main className="sign-in">
      <h1>Storepulse</h1>
      <form onSubmit={submit} aria-label="Sign in">
        <label>
          E-mail <input type="email" value={email} onChange={(e) => { setEmail(e.target.value); }} required />
        </label>
        <label>
          Password{" "}
          <input type="password" value={password} onChange={(e) => { setPassword(e.target.value); }} required />
        </label>
        <button type="submit">Sign in</button>
        <button type="button" onClick={visit}>
          Continue as visitor
        </button>
        {problem && <p role="alert">{problem}</p>}
      </form>
      <PulsePanel />
    </main>
  );
}
