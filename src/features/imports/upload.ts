"use client";

import { CSRF_COOKIE, CSRF_HEADER } from "@/server/http/cookies";

/** A problem the server found in an uploaded file. */
export interface UploadProblem {
  line: number;
  field?: string;
  message: string;
}

export interface UploadProgress {
  phase: "uploading" | "reading" | "checking" | "writing" | "judging";
  done: number;
  total?: number;
  unit: string;
}

export type UploadOutcome<T> =
  | { ok: true; result: T }
  | { ok: false; message: string; problems: UploadProblem[]; total: number };

function csrf(): string {
  const match = document.cookie.split("; ").find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return match ? decodeURIComponent(match.slice(CSRF_COOKIE.length + 1)) : "";
}

/**
 * Uploads a file to an /api/import route with XMLHttpRequest (which reports upload progress), and
 * reads the server's NDJSON progress lines as they arrive, up to its result or refusal.
 */
export function uploadFile<T>(url: string, file: Blob, onProgress: (p: UploadProgress) => void, signal?: AbortSignal): Promise<UploadOutcome<T>> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    let seen = 0;
    let outcome: UploadOutcome<T> | undefined;
    const readLines = () => {
      const text = xhr.responseText;
      let nl: number;
      while ((nl = text.indexOf("\n", seen)) >= 0) {
        const line = text.slice(seen, nl).trim();
        seen = nl + 1;
        if (!line) continue;
        let msg: { type: string; [k: string]: unknown };
        try {
          msg = JSON.parse(line) as typeof msg;
        } catch {
          continue;
        }
        if (msg.type === "progress") onProgress(msg as unknown as UploadProgress);
        else if (msg.type === "result") outcome = { ok: true, result: msg.result as T };
        else if (msg.type === "error")
          outcome = { ok: false, message: String(msg.message), problems: (msg.problems as UploadProblem[]) ?? [], total: Number(msg.total ?? (msg.problems as unknown[] | undefined)?.length ?? 0) };
      }
    };
    xhr.open("POST", url);
    xhr.setRequestHeader(CSRF_HEADER, csrf());
    xhr.setRequestHeader("content-type", file.type || "application/octet-stream");
    xhr.upload.onprogress = (e) => onProgress({ phase: "uploading", done: e.loaded, total: e.lengthComputable ? e.total : file.size, unit: "bytes" });
    xhr.onprogress = readLines;
    xhr.onload = () => {
      if (xhr.status !== 200) {
        let message = `${xhr.status} ${xhr.statusText}`;
        try {
          message = (JSON.parse(xhr.responseText) as { error?: { message?: string } }).error?.message ?? message;
        } catch {
          /* not JSON */
        }
        resolve({ ok: false, message, problems: [], total: 0 });
        return;
      }
      readLines();
      resolve(outcome ?? { ok: false, message: "The server closed the connection before answering; nothing was imported.", problems: [], total: 0 });
    };
    xhr.onerror = () => resolve({ ok: false, message: "The upload failed (network error); nothing was imported.", problems: [], total: 0 });
    xhr.onabort = () => resolve({ ok: false, message: "Cancelled; nothing was imported.", problems: [], total: 0 });
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(file);
  });
}
