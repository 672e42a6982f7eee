// The signed-in app shell: a header (Storepulse, the live / reconnecting indicator, the bell, the
// user menu with the role and "Sign out"), a navigation landmark with the role's sections (each its
// own URL; behind a burger at phone width), and the main region with the section. Every move
// between pages is recorded as a `tab_change` action (`useTabChanges`), which admins see in the feed.
import { AppShell, Avatar, Burger, Group, Menu, NavLink as MantineNavLink, Skeleton, Text, UnstyledButton } from "@mantine/core";
import "@mantine/notifications/styles.css";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import { Notifications } from "@mantine/notifications";
import type { Session } from "@storepulse/client";
import { useStorepulse, useTabChanges, useUnreadCount } from "@storepulse/client/react";
import { signOut } from "firebase/auth";
import { Suspense, type ReactNode } from "react";
import { Link, NavLink } from "react-router";
import { sectionsOf } from "../sections";
import { Bell } from "./Bell";
import { UserIcon } from "./icons";
import { LiveBadge } from "./LiveBadge";

const ROLE_NAMES: Record<string, string> = {
  shop: "Shop owner",
  customer: "Customer",
  admin: "Admin",
  affiliate: "Affiliate",
};

function UserMenu({ session }: { session: Session }) {
  const sp = useStorepulse();
  const role = session.role === undefined ? "No role yet" : (ROLE_NAMES[session.role] ?? session.role);
  const who = `${session.email ?? "Signed in"} · ${role}`;
  return (
    <Menu position="bottom-end" width={240} withinPortal>
      <Menu.Target>
        <UnstyledButton aria-label={who}>
          <Group gap={8} wrap="nowrap">
            <Avatar size="sm" color="indigo" radius="xl">
              <UserIcon />
            </Avatar>
            {/* The same words as the button's name (hidden at phone width, where the name stays). */}
            <Text size="sm" fw={600} visibleFrom="sm" data-testid="signed-in">
              {who}
            </Text>
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {session.email} · {role}
        </Menu.Label>
        <Menu.Item component={Link} to="/account">
          Account
        </Menu.Item>
        <Menu.Item
          color="red"
          onClick={() => {
            void signOut(sp.auth);
          }}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/** Live while the shell's own listener (the counts) hears from the server; with a role, the bell
 * shows it beside itself from the same listener. */
function Connection({ uid }: { uid: string }) {
  const counts = useUnreadCount(uid);
  return <LiveBadge live={counts.live} />;
}

export function Shell({ session, path, children }: { session: Session; path: string; children: ReactNode }) {
  useTabChanges(path);
  const [opened, { toggle, close }] = useDisclosure(false);
  // At phone width the folded sections are off screen: inert, so the keyboard does not reach them.
  const phone = useMediaQuery("(max-width: 47.99em)");
  const sections = sectionsOf(session);
  const withNav = sections.length > 1;
  return (
    <AppShell
      header={{ height: 60 }}
      {...(withNav ? { navbar: { width: 230, breakpoint: "sm", collapsed: { mobile: !opened } } } : {})}
      padding="md"
    >
      <Notifications position="bottom-right" zIndex={1000} />
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            {withNav && <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Sections menu" />}
            <Text fw={800} size="lg" c="indigo.7" component={Link} to="/">
              Storepulse
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {session.role !== undefined ? <Bell session={session} /> : <Connection uid={session.uid} />}
            <UserMenu session={session} />
          </Group>
        </Group>
      </AppShell.Header>
      {withNav && (
        <AppShell.Navbar p="xs" component="nav" aria-label="Sections" inert={phone && !opened}>
          {sections.map((section) => (
            <MantineNavLink
              key={section.path}
              component={NavLink}
              to={section.path}
              label={section.label}
              active={path === section.path || path.startsWith(`${section.path}/`)}
              onClick={close}
            />
          ))}
        </AppShell.Navbar>
      )}
      <AppShell.Main bg="gray.0">
        <Suspense fallback={<Skeleton height={240} role="status" aria-label="Loading" />}>{children}</Suspense>
      </AppShell.Main>
    </AppShell>
  );
}
