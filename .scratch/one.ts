import { api, newUser } from "../dev/testing.ts";
const user = await newUser("one");
const made = await api("POST", "/prompts", { auth: user, body: { title: "B", content: "x" } });
console.log(made.status, JSON.stringify(made.body).slice(0, 400));
