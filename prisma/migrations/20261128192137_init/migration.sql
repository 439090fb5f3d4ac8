-- CreateEnum
CREATE TYPE "SweepStatus" AS ENUM ('queued', 'running', 'done', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "PointStatus" AS ENUM ('pending', 'running', 'done', 'failed', 'cancelled');

-- CreateTable
CREATE TABLE "Team" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "keyHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Model" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sweep" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "spec" JSONB NOT NULL,
    "status" "SweepStatus" NOT NULL DEFAULT 'queued',
    "totalPoints" INTEGER NOT NULL,
    "idempotencyKey" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Sweep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Point" (
    "id" UUID NOT NULL,
    "sweepId" UUID NOT NULL,
    "configHash" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "status" "PointStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "metrics" JSONB,
    "bitsPerWeight" DOUBLE PRECISION,
    "cycles" DOUBLE PRECISION,
    "energyPj" DOUBLE PRECISION,
    "sqnrDb" DOUBLE PRECISION,
    "accuracy" DOUBLE PRECISION,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Point_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResultCache" (
    "modelHash" TEXT NOT NULL,
    "configHash" TEXT NOT NULL,
    "metrics" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ResultCache_pkey" PRIMARY KEY ("modelHash","configHash")
);

-- CreateIndex
CREATE UNIQUE INDEX "Team_name_key" ON "Team"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ApiKey_teamId_idx" ON "ApiKey"("teamId");

-- CreateIndex
CREATE UNIQUE INDEX "Model_teamId_contentHash_key" ON "Model"("teamId", "contentHash");

-- CreateIndex
CREATE INDEX "Sweep_teamId_createdAt_idx" ON "Sweep"("teamId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Sweep_teamId_idempotencyKey_key" ON "Sweep"("teamId", "idempotencyKey");

-- CreateIndex
CREATE INDEX "Point_sweepId_status_idx" ON "Point"("sweepId", "status");

-- CreateIndex
CREATE INDEX "Point_sweepId_bitsPerWeight_idx" ON "Point"("sweepId", "bitsPerWeight");

-- CreateIndex
CREATE INDEX "Point_sweepId_cycles_idx" ON "Point"("sweepId", "cycles");

-- CreateIndex
CREATE INDEX "Point_sweepId_energyPj_idx" ON "Point"("sweepId", "energyPj");

-- CreateIndex
CREATE INDEX "Point_sweepId_sqnrDb_idx" ON "Point"("sweepId", "sqnrDb");

-- CreateIndex
CREATE INDEX "Point_sweepId_accuracy_idx" ON "Point"("sweepId", "accuracy");

-- CreateIndex
CREATE UNIQUE INDEX "Point_sweepId_configHash_key" ON "Point"("sweepId", "configHash");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sweep" ADD CONSTRAINT "Sweep_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Point" ADD CONSTRAINT "Point_sweepId_fkey" FOREIGN KEY ("sweepId") REFERENCES "Sweep"("id") ON DELETE CASCADE ON UPDATE CASCADE;
