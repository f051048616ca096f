import { Settings } from 'luxon';

// Imported for this effect by the modules that judge times (lineStatus,
// callInstant), so it holds before the app makes its first DateTime.
//
// Our times are only ever written as digits (HH:mm, ISO dates), which must not
// depend on the machine: under a LANG whose locale writes other digits,
// "HH:mm" would stop comparing with the flow's "09:00". A fixed en-US gives
// the same text everywhere, and spares luxon asking Intl for the system's locale.
Settings.defaultLocale = 'en-US';
