// The real AI Horde JavaScript client's ratings class (@zeldafan0225/ai_horde, AIHordeRatings), unchanged, against
// the horde's /api/v1: datasets, an image to rate, a rating with its reward, a malformed rating refused.
// Environment: HORDE_URL (the gateway), RATER_KEY (a registered user's API key), IMAGE_ID (a rateable image).
import { AIHordeRatings, APIError } from "@zeldafan0225/ai_horde";

const fail = (message) => {
  console.error("FAIL: " + message);
  process.exit(1);
};

const ratings = new AIHordeRatings({
  api_route: `${process.env.HORDE_URL}/api/v1`,
  client_agent: "OpenHordeRatingIT:1:openhorde",
  default_token: process.env.RATER_KEY,
});

const datasets = await ratings.getDatasets();
const shared = Array.isArray(datasets) && datasets.find((d) => d.name === "horde-shared");
if (!shared || typeof shared.id !== "string" || typeof shared.image_count !== "number") {
  fail("getDatasets: no horde-shared dataset in " + JSON.stringify(datasets));
}
console.log(`getDatasets: ${datasets.length} datasets, horde-shared has ${shared.image_count} images`);

const next = await ratings.getNewRating({ dataset_id: shared.id });
if (!next.id || !next.url || next.dataset_id !== shared.id) fail("getNewRating: " + JSON.stringify(next));
const picture = await fetch(next.url);
if (picture.status !== 200) fail(`getNewRating: its url answered ${picture.status}`);
console.log("getNewRating: " + next.id);

const receipt = await ratings.postRating(process.env.IMAGE_ID, { rating: 6, artifacts: 2 });
if (receipt.reward !== 10 || typeof receipt.message !== "string") fail("postRating: " + JSON.stringify(receipt));
console.log("postRating: " + JSON.stringify(receipt));

try {
  await ratings.postRating(process.env.IMAGE_ID, { rating: 0 });
  fail("postRating accepted a rating of 0");
} catch (e) {
  if (!(e instanceof APIError) || e.status !== 400) fail("postRating of 0: " + e);
  console.log("postRating of 0: refused with 400");
}
console.log("OK");
