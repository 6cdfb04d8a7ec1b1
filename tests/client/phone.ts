// A phone's morning, written against the client generated from openapi.yaml (openapi-typescript
// types, openapi-fetch calls). CI generates the types and type-checks this file: a change to the
// API document that would break the phone team's client fails the build. It is never run.

import createClient from "openapi-fetch";
import type { components, paths } from "./generated/anfang";

type Report = components["schemas"]["ReportWriteRequest"];

export async function morning(baseUrl: string, username: string, password: string) {
  const api = createClient<paths>({ baseUrl });

  // Sign in as this phone; every request then carries the token and the app's version.
  // Bodies are written as the schema's own types, so that a field the API drops or renames
  // is an error here too (a literal passed straight to openapi-fetch is checked less strictly).
  const credentials: components["schemas"]["LoginRequest"] = {
    username,
    password,
    device_name: "王伟的华为 Mate 60",
  };
  const signedIn = await api.POST("/api/v1/auth/login", { body: credentials });
  if (!signedIn.data) throw new Error(signedIn.error?.title ?? "login failed");
  const token: string = signedIn.data.access_token;
  const role: components["schemas"]["RoleDto"] = signedIn.data.user.role;
  api.use({
    onRequest({ request }) {
      request.headers.set("Authorization", `Bearer ${token}`);
      request.headers.set("Anfang-Client-Version", "2.4.0");
      return request;
    },
  });

  // The checklist it holds, revalidated: a 304 leaves the stored copy as it is.
  const current = await api.GET("/api/v1/checklists/current", {
    params: { header: { "If-None-Match": '"held"' } },
  });
  const checklist = current.data;
  if (!checklist) return { role, devices: 0 };

  // Today's visits and this phone among its user's devices.
  const visits = await api.GET("/api/v1/assignments", { params: { query: { limit: 100 } } });
  const firstVisit = visits.data?.items[0];
  const devices = await api.GET("/api/v1/me/sessions");
  const mine = devices.data?.items.find((d) => d.current)?.device_name ?? null;

  // A report written offline, sent with the id the phone made up.
  const id = crypto.randomUUID();
  const report: Report = {
    unit_id: firstVisit?.unit_id ?? crypto.randomUUID(),
    checklist_id: checklist.id,
    assignment_id: firstVisit?.id ?? null,
    channel: "on_site",
    scenario: "咨询失业保险金申领条件",
    visit_started_at: new Date(Date.now() - 25 * 60_000).toISOString(),
    visit_ended_at: new Date().toISOString(),
    ratings: checklist.items.map((item) => ({ item_code: item.code, outcome: "ok" })),
    narrative: "窗口人员接待及时，解答清楚。",
    location: { latitude: 30.2501, longitude: 120.1702, accuracy_m: 15 },
  };
  const written = await api.PUT("/api/v1/reports/{id}", {
    params: { path: { id } },
    body: report,
  });
  const etag = written.response.headers.get("ETag");

  // A photo of the queue, as multipart form data.
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array([0xff, 0xd8, 0xff])], { type: "image/jpeg" }), "queue.jpg");
  form.set("photo_id", crypto.randomUUID());
  const photo = await api.POST("/api/v1/reports/{id}/photos", {
    params: { path: { id } },
    body: { file: "" },
    bodySerializer: () => form,
  });
  const flags: string[] | null | undefined = photo.data?.flags;

  // Submitted once, however often the network makes the phone retry.
  const submitted = await api.POST("/api/v1/reports/{id}/submit", {
    params: { path: { id }, header: { "Idempotency-Key": `submit-${id}` } },
  });
  const status: string | undefined = submitted.data?.status;

  return { role, devices: devices.data?.items.length ?? 0, mine, etag, flags, status };
}
