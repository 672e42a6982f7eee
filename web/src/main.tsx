import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { startFirebase } from "./firebase";
import "./style.css";

const root = createRoot(document.getElementById("root") ?? document.body);
startFirebase()
  .then((services) => {
    root.render(
      <StrictMode>
        <App services={services} />
      </StrictMode>,
    );
  })
  .catch((error: unknown) => {
    root.render(<p role="alert">Storepulse could not start: {String(error)}</p>);
  });
