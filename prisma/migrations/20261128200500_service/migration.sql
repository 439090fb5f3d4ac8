-- AlterTable
ALTER TABLE "Model" ADD COLUMN     "bytes" BYTEA NOT NULL,
ADD COLUMN     "layers" INTEGER NOT NULL,
ADD COLUMN     "weights" BIGINT NOT NULL;

-- AlterTable
ALTER TABLE "Point" ADD COLUMN     "areaMm2" DOUBLE PRECISION,
ADD COLUMN     "batchKey" TEXT NOT NULL,
ADD COLUMN     "detail" JSONB,
ADD COLUMN     "dramBytes" DOUBLE PRECISION,
ADD COLUMN     "energyRatioVsBaseline" DOUBLE PRECISION,
ADD COLUMN     "evalMs" DOUBLE PRECISION,
ADD COLUMN     "gridIndex" INTEGER NOT NULL,
ADD COLUMN     "speedupVsBaseline" DOUBLE PRECISION,
ADD COLUMN     "sse" DOUBLE PRECISION;

-- AlterTable
ALTER TABLE "ResultCache" ADD COLUMN     "detail" JSONB;

-- AlterTable
ALTER TABLE "Sweep" ADD COLUMN     "cancelledPoints" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "donePoints" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "failedPoints" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "finishedAt" TIMESTAMPTZ(3),
ADD COLUMN     "modelHash" TEXT NOT NULL,
ADD COLUMN     "runningPoints" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "startedAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "Point_sweepId_batchKey_idx" ON "Point"("sweepId", "batchKey");

-- CreateIndex
CREATE UNIQUE INDEX "Point_sweepId_gridIndex_key" ON "Point"("sweepId", "gridIndex");

-- CreateIndex
CREATE INDEX "Sweep_status_idx" ON "Sweep"("status");


