// The signed-in user's account: who they are and what their role lets them see. A role change
// notification leads here (the new role's pages come with the next sign-in or token refresh).
import { Card, Table, Title } from "@mantine/core";
import type { Session } from "@storepulse/client";

export function Account({ session }: { session: Session }) {
  return (
    <>
      <Title order={1} mb="md">
        Account
      </Title>
      <Card maw={560}>
        <Table data-testid="account" variant="vertical" layout="fixed">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={120}>E-mail</Table.Th>
              <Table.Td style={{ overflowWrap: "anywhere" }}>{session.email ?? "none"}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>Role</Table.Th>
              <Table.Td>{session.role ?? "no role yet"}</Table.Td>
            </Table.Tr>
            {session.shopId && (
              <Table.Tr>
                <Table.Th>Shop</Table.Th>
                <Table.Td style={{ overflowWrap: "anywhere" }}>{session.shopId}</Table.Td>
              </Table.Tr>
            )}
          </Table.Tbody>
        </Table>
      </Card>
    </>
  );
}
