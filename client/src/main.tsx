import { render } from "preact";
import { App } from "./app.tsx";
import { restoreTheme } from "./lib/theme.ts";
import "./styles.css";

restoreTheme();
render(<App />, document.getElementById("app")!);
