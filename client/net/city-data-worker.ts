/** The city data fetched and decoded off the page's main thread (city-data.ts `loadCityData` says why). */
import { type CityDataReply, fetchCityData } from './city-data';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<Record<string, string>>) => void) | null;
  postMessage(reply: CityDataReply): void;
};

scope.onmessage = ({ data: headers }) => {
  fetchCityData(headers).then(
    (data) => scope.postMessage({ ok: true, json: JSON.stringify(data) }),
    (err: Error) => scope.postMessage({ ok: false, error: err.message }),
  );
};
