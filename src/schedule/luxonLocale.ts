import { Settings } from 'luxon';

// Imported for this effect by the modules that judge times (lineStatus,
// callInstant), so it holds before the app makes its first DateTime.
//
// Without a default locale luxon asks Intl for the system's on every process's
// first DateTime, and the first Intl.DateTimeFormat costs ~12 ms of a cold
// start (see cachedZone.ts). Our times are only ever written as digits
// (HH:mm, ISO dates), which must not depend on the machine: under a LANG whose
// locale writes other digits, "HH:mm" would stop comparing with the flow's
// "09:00". A fixed en-US gives the same text everywhere, and costs nothing.
Settings.defaultLocale = 'en-US';
