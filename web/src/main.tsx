import { StorepulseProvider } from "@storepulse/client/react";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { App } from "./App";
import { startStorepulse } from "./firebase";
import "./style.css";

const root = createRoot(document.getElementById("root") ?? document.body);
startStorepulse()
  .then((sp) => {
    root.render(
      <StrictMode>
        <StorepulseProvider client={sp}>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </StorepulseProvider>
      </StrictMode>,
    );
  })
  .catch((error: unknown) => {
    root.render(<p role="alert">Storepulse could not start: {String(error)}</p>);
  });
