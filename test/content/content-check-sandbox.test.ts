import { contentCheck } from "./content-check.js";

await contentCheck("sandbox");
