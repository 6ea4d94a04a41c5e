export const BASE_URL_HINT =
  "https://HOST/ConfigurationManager for the system's own REST API, or https://HOST:23451/ConfigurationManager for the REST API server (then also give the storageDeviceId).";

export const STORAGE_DEVICE_ID_HINT =
  "Only for the REST API server: 12 letters and digits, model prefix + serial number (e.g. 936000412345). Leave empty for the system's own REST API.";
