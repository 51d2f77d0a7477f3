/** The demo accounts seeded on the embedded database (src/server/services/demo/seed-demo.ts). */
export const DEMO_PASSWORD = "ferrule-demo-password";
export const DEMO = {
  admin: "admin@demo.ferrule",
  approver: "approver@demo.ferrule",
  editor: "editor@demo.ferrule",
  viewer: "viewer@demo.ferrule",
} as const;
export const ADMIN_STATE = "e2e/.auth/admin.json";
