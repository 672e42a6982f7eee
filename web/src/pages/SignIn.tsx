// The landing page: the live platform pulse (users, active today, online now, the 12-hour chart,
// customers per tier, "as of" with a warning when it is stale), the sign-in card and "continue as
// visitor". Everything a role's pages need is loaded only after signing in (App.tsx).
import { Alert, Badge, Box, Button, Card, Container, Divider, Grid, Group, SimpleGrid, Skeleton, Stack, Text, TextInput, Title } from "@mantine/core";
import { usePulse, useStorepulse } from "@storepulse/client/react";
import { signInWithEmailAndPassword } from "firebase/auth";
import { useState, type SyntheticEvent } from "react";
import { HourBars } from "../components/HourBars";
import { LiveBadge } from "../components/LiveBadge";
import { Metric } from "../components/Metric";
import { clock, count } from "../format";
import { useNow } from "../hooks";
import { readProblem } from "../problems";
import { isStale } from "../pulse";

const TIERS = [
  ["bronze", "orange"],
  ["silver", "gray"],
  ["gold", "yellow"],
  ["platinum", "cyan"],
] as const;

function PulsePanel() {
  const { data: pulse, live, error } = usePulse();
  const now = useNow(5000);
  if (error) return <Alert color="red" role="alert">{readProblem(error)}</Alert>;
  if (!pulse) {
    return (
      <Card>
        <Text data-testid="pulse-waiting">Waiting for the first platform figures…</Text>
        <Skeleton height={180} mt="md" />
      </Card>
    );
  }
  const stale = isStale(pulse, now);
  return (
    <Stack component="section" aria-label="Platform pulse" gap="md">
      <Group justify="space-between">
        <Title order={2} size="h3">
          Storepulse right now
        </Title>
        <LiveBadge live={live} />
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        <Metric label="Users" value={pulse.totalUsers} testId="pulse-total-users" />
        <Metric label="Active today" value={pulse.activeToday} testId="pulse-active-today" />
        <Metric
          label="Online now"
          value={pulse.onlineNow.total}
          testId="pulse-online-now"
          hint={`${count(pulse.onlineNow.signedIn)} signed in, ${count(pulse.onlineNow.anonymous)} visiting`}
        />
      </SimpleGrid>
      <Card>
        <HourBars hours={pulse.lastHours} />
      </Card>
      <Card>
        <Title order={3} size="h5" mb="xs">
          Customers per loyalty tier
        </Title>
        <Group gap="xs" component="ul" aria-label="Customers per tier" p={0} m={0} style={{ listStyle: "none" }}>
          {TIERS.map(([tier, color]) => (
            <Badge key={tier} component="li" color={color} variant="light" size="lg" data-testid={`tier-${tier}`}>
              {tier} {pulse.tierDistribution[tier]}
            </Badge>
          ))}
        </Group>
      </Card>
      {stale ? (
        <Alert color="orange" title="Out of date" data-testid="pulse-as-of">
          These figures are from {pulse.asOf.toLocaleTimeString()} and may be out of date.
        </Alert>
      ) : (
        <Text size="sm" c="dimmed" data-testid="pulse-as-of">
          as of {clock(pulse.asOf)}
        </Text>
      )}
    </Stack>
  );
}

function SignInCard() {
  const sp = useStorepulse();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<string>();
  const [pending, setPending] = useState<"sign-in" | "visitor">();

  const submit = (event: SyntheticEvent) => {
    event.preventDefault();
    if (pending) return;
    setPending("sign-in");
    signInWithEmailAndPassword(sp.auth, email, password)
      .catch(() => {
        setProblem("That e-mail and password do not match an account.");
      })
      .finally(() => {
        setPending(undefined);
      });
  };
  const visit = () => {
    if (pending) return;
    setPending("visitor");
    sp.ensureSignedIn()
      .catch(() => {
        setProblem("Could not start a visitor session.");
      })
      .finally(() => {
        setPending(undefined);
      });
  };
  return (
    <Card component="form" onSubmit={submit} aria-label="Sign in" padding="xl">
      <Stack>
        <Title order={2} size="h3">
          Sign in
        </Title>
        <TextInput
          label="E-mail"
          type="email"
          autoComplete="email"
          value={email}
          onChange={(e) => {
            setEmail(e.currentTarget.value);
          }}
          required
        />
        <TextInput
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => {
            setPassword(e.currentTarget.value);
          }}
          required
        />
        {problem && (
          <Alert color="red" role="alert">
            {problem}
          </Alert>
        )}
        <Button type="submit" loading={pending === "sign-in"} disabled={pending === "visitor"} fullWidth>
          Sign in
        </Button>
        <Divider label="or" labelPosition="center" />
        <Button variant="light" onClick={visit} loading={pending === "visitor"} disabled={pending === "sign-in"} fullWidth>
          Continue as visitor
        </Button>
      </Stack>
    </Card>
  );
}

export function SignIn({ visitor }: { visitor: boolean }) {
  return (
    <Box component="main" bg="gray.0" mih="100vh" py="xl">
      <Container size="lg">
        <Stack gap={4} mb="xl">
          <Title order={1}>Storepulse</Title>
          <Text c="dimmed" size="lg">
            Live visitors, orders, loyalty and payments for your shop, as they happen.
          </Text>
        </Stack>
        {visitor && (
          <Alert color="indigo" mb="md" data-testid="visitor">
            Browsing as a visitor.
          </Alert>
        )}
        <Grid gap="xl">
          <Grid.Col span={{ base: 12, md: 7 }} order={{ base: 2, md: 1 }}>
            <PulsePanel />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }} order={{ base: 1, md: 2 }}>
            <SignInCard />
          </Grid.Col>
        </Grid>
      </Container>
    </Box>
  );
}
