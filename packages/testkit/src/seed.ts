// Property tests draw from one fixed seed, so a run is repeatable and a failure reproduces;
// FC_SEED picks another (e.g. to explore in a loop), and fast-check prints the seed it failed on.
import fc from "fast-check";

fc.configureGlobal({ seed: Number(process.env["FC_SEED"] ?? 20261206) });
