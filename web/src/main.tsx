import "@mantine/core/styles.css";
import "./style.css";
import { MantineProvider } from "@mantine/core";
import { StorepulseProvider } from "@storepulse/client/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./App";
import { startStorepulse } from "./firebase";
import { cssVariables, theme } from "./theme";

const root = createRoot(document.getElementById("root") ?? document.body);
startStorepulse()
  .then((sp) => {
    root.render(
      <StrictMode>
        <MantineProvider theme={theme} cssVariablesResolver={cssVariables} defaultColorScheme="light">
          <StorepulseProvider client={sp}>
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </StorepulseProvider>
        </MantineProvider>
      </StrictMode>,
    );
  })
  .catch((error: unknown) => {
    root.render(<p role="alert">Storepulse could not start: {String(error)}</p>);
  });
