// The loyalty section: the QR scan (the camera where the browser allows it, else a pasted code; the
// outcome in a dialog), invitations by e-mail, and the program's points per scan.
import { Button, Group, Modal, NumberInput, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useStorepulse } from "@storepulse/client/react";
import { useEffect, useRef, useState } from "react";
import { ActionButton } from "../../components/ActionButton";
import { Panel } from "../../components/Panel";
import { plural } from "../../format";
import { explain } from "../../problems";
import { useInvite } from "./invite";

/** Read a QR code from the camera where the browser allows it (jsQR on video frames, loaded only
 * when the camera is turned on: 45 KB gzipped that the paste box does not need). */
function useCameraScan(active: boolean, onCode: (code: string) => void, onProblem: (problem: string) => void) {
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (!active) return undefined;
    let stream: MediaStream | undefined;
    let frame = 0;
    let jsQR: typeof import("jsqr").default | undefined;
    const canvas = document.createElement("canvas");
    const look = () => {
      const element = video.current;
      const context = canvas.getContext("2d", { willReadFrequently: true });
      if (jsQR && element && context && element.videoWidth > 0) {
        canvas.width = element.videoWidth;
        canvas.height = element.videoHeight;
        context.drawImage(element, 0, 0);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const found = jsQR(image.data, image.width, image.height);
        if (found) {
          onCode(found.data);
          return;
        }
      }
      frame = requestAnimationFrame(look);
    };
    import("jsqr")
      .then((loaded) => {
        jsQR = loaded.default;
        return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      })
      .then(async (opened) => {
        stream = opened;
        if (video.current) {
          video.current.srcObject = opened;
          await video.current.play();
        }
        frame = requestAnimationFrame(look);
      })
      .catch(() => {
        onProblem("The camera is not available here: paste the code instead.");
      });
    return () => {
      cancelAnimationFrame(frame);
      stream?.getTracks().forEach((track) => {
        track.stop();
      });
    };
    // The callbacks are stable for the panel's lifetime; the camera follows `active` only.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [active]);
  return video;
}

function ScanPanel() {
  const sp = useStorepulse();
  const [token, setToken] = useState("");
  const [outcome, setOutcome] = useState<string>();
  const [camera, setCamera] = useState(false);
  const scan = (code: string) =>
    sp.scanQr({ token: code.trim() }).then((result) => {
      setOutcome(`${result.customer.name}: ${result.outcome.replaceAll("_", " ")}`);
    });
  const video = useCameraScan(
    camera,
    (code) => {
      setCamera(false);
      setToken(code);
      scan(code).catch((error: unknown) => {
        setOutcome(explain(error));
      });
    },
    (problem) => {
      setCamera(false);
      setOutcome(problem);
    },
  );
  // Undefined outside a secure context (plain http on another host), whatever the types say.
  const hasCamera = "mediaDevices" in navigator && typeof navigator.mediaDevices.getUserMedia === "function";
  return (
    <Panel title="Scan a customer's QR code" label="Scan a QR code">
      <Stack>
        {hasCamera && (
          <Button
            variant="light"
            onClick={() => {
              setCamera(!camera);
            }}
            w="fit-content"
          >
            {camera ? "Stop the camera" : "Use the camera"}
          </Button>
        )}
        {camera && <video ref={video} muted playsInline className="camera" />}
        <Group align="flex-end">
          <TextInput
            label="Code (paste when the camera is unavailable)"
            value={token}
            onChange={(event) => {
              setToken(event.currentTarget.value);
            }}
            style={{ flex: 1, minWidth: 200 }}
          />
          <ActionButton act={() => scan(token)} onProblem={setOutcome}>
            Scan
          </ActionButton>
        </Group>
        <Modal
          opened={outcome !== undefined}
          onClose={() => {
            setOutcome(undefined);
          }}
          title="Scan result"
          centered
          closeButtonProps={{ "aria-label": "Close" }}
        >
          <Text data-testid="scan-outcome">{outcome}</Text>
        </Modal>
      </Stack>
    </Panel>
  );
}

function InviteByEmail({ shopId }: { shopId: string }) {
  const [email, setEmail] = useState("");
  const [outcome, invite] = useInvite(shopId);
  return (
    <Panel title="Invite a customer" label="Invite to the loyalty program">
      <Group align="flex-end">
        <TextInput
          label="E-mail"
          type="email"
          value={email}
          onChange={(event) => {
            setEmail(event.currentTarget.value);
          }}
          style={{ flex: 1, minWidth: 200 }}
        />
        <ActionButton act={() => invite({ email: email.trim() }, email.trim())}>Invite</ActionButton>
      </Group>
      {outcome && (
        <Text size="sm" mt="sm" data-testid="invite-outcome">
          {outcome}
        </Text>
      )}
    </Panel>
  );
}

function Program({ shopId }: { shopId: string }) {
  const sp = useStorepulse();
  const [points, setPoints] = useState<number | string>(10);
  const [saved, setSaved] = useState<string>();
  const save = () => sp.upsertLoyaltyProgram({ shopId, name: "Rewards", pointsPerScan: Number(points), active: true });
  return (
    <Panel title="Loyalty program">
      <Group align="flex-end">
        <NumberInput label="Points per scan" min={1} max={1000} value={points} onChange={setPoints} w={160} />
        <ActionButton
          act={save}
          onDone={() => {
            setSaved(`Saved: ${plural(Number(points), "point", "points")} per scan.`);
          }}
          onProblem={setSaved}
        >
          Save program
        </ActionButton>
      </Group>
      {saved && (
        <Text size="sm" mt="sm">
          {saved}
        </Text>
      )}
    </Panel>
  );
}

export function Loyalty({ shopId }: { shopId: string }) {
  return (
    <>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <ScanPanel />
        <InviteByEmail shopId={shopId} />
      </SimpleGrid>
      <Program shopId={shopId} />
    </>
  );
}
